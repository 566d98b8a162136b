# Differential-test root: evaluates the sizing arithmetic and the validations of
# infrahouse/pypiserver/aws 2.3.0 and the ECS module it calls
# (registry.infrahouse.com/infrahouse/ecs/aws 7.12.0) for many configurations at once.
#
# Written by hand from the specification in /work/shared/module-spec.md (steps 1-11, the
# inputs' accepted ranges) and /work/shared/module-stack.md (what pypiserver passes to the
# ECS module, the ECS module's effective asg_min_size / asg_max_size and its validations).
# It is NOT a copy of either module's source.
#
# The aws_ec2_instance_type data source both modules read is replaced by the inputs
# memory_mib (memory_size) and vcpus (default_vcpus), so no provider and no AWS access is
# needed: `terraform init -backend=false && terraform apply` only evaluates outputs.
#
# Written for Terraform 1.0.3: every validation error_message is a sentence starting with an
# uppercase letter and ending with a period; `||` and `&&` do not short-circuit, so nullable
# inputs are guarded with conditionals; there are no check blocks and no cross-variable
# validations, so rules across variables are locals that fail (see modules/pypiserver/locals.tf).

variable "configs" {
  description = "Configurations by id. Every attribute is present; null means \"not set\"."
  type = map(object({
    memory_mib                          = number
    vcpus                               = number
    asg_instance_type                   = string
    asg_subnets                         = list(string)
    asg_min_size                        = number
    asg_max_size                        = number
    container_memory                    = number
    container_memory_reservation        = number
    container_cpu                       = number
    gunicorn_workers                    = number
    task_min_count                      = number
    task_max_count                      = number
    efs_throughput_mode                 = string
    efs_provisioned_throughput_in_mibps = number
    efs_lifecycle_policy                = number
  }))
  default = {}
}

module "pypiserver" {
  source   = "./modules/pypiserver"
  for_each = var.configs

  memory_mib = each.value.memory_mib
  vcpus      = each.value.vcpus

  asg_instance_type                   = each.value.asg_instance_type
  asg_subnets                         = each.value.asg_subnets
  asg_min_size                        = each.value.asg_min_size
  asg_max_size                        = each.value.asg_max_size
  container_memory                    = each.value.container_memory
  container_memory_reservation        = each.value.container_memory_reservation
  container_cpu                       = each.value.container_cpu
  gunicorn_workers                    = each.value.gunicorn_workers
  task_min_count                      = each.value.task_min_count
  task_max_count                      = each.value.task_max_count
  efs_throughput_mode                 = each.value.efs_throughput_mode
  efs_provisioned_throughput_in_mibps = each.value.efs_provisioned_throughput_in_mibps
  efs_lifecycle_policy                = each.value.efs_lifecycle_policy
}

output "results" {
  value = { for id, m in module.pypiserver : id => m.sizing }
}
