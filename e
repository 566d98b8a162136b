error: /tmp/review/d.tfvars:1:1: `x`: must be a constant value: undefined variable `data` in expression `data.foo.bar`
