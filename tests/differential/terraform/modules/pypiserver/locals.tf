# The capacity arithmetic of pypiserver 2.3.0, module-spec.md steps 1-11, one local a step.
# Memory in MB (the instance's MiB), CPU in ECS units. Division is Terraform's real
# division; floor() is applied only where the step says so.
locals {
  # 1. gunicorn_workers: the input if set, else max(2, min(8, floor(container_memory / 128)))
  gunicorn_workers = (var.gunicorn_workers != null ? var.gunicorn_workers :
  max(2, min(8, floor(var.container_memory / 128))))

  # 2. container_cpu: the input if set, else gunicorn_workers x 150 + 40
  container_cpu = var.container_cpu != null ? var.container_cpu : local.gunicorn_workers * 150 + 40

  # 3. container_memory_reservation: the input if set (0 included), else
  #    floor(container_memory x 0.75). This is also the value passed to the ECS module.
  container_memory_reservation = (var.container_memory_reservation != null ?
  var.container_memory_reservation : floor(var.container_memory * 0.75))

  # 4. available_ram_mb: instance memory - 300 (system overhead) - 500 (page cache)
  available_ram_mb = var.memory_mib - 300 - 500

  # 5. available_cpu_units: vCPUs x 1024 - 128
  available_cpu_units = var.vcpus * 1024 - 128

  # 6. tasks_per_instance_ram: max(1, floor(available_ram_mb / reservation));
  #    a reservation of 0 divides by zero: +Inf.
  tasks_per_instance_ram = max(1, floor(local.available_ram_mb / local.container_memory_reservation))

  # 7. tasks_per_instance_cpu: max(1, floor(available_cpu_units / container_cpu))
  tasks_per_instance_cpu = max(1, floor(local.available_cpu_units / local.container_cpu))

  # 8. tasks_per_instance: the smaller bound
  tasks_per_instance = min(local.tasks_per_instance_ram, local.tasks_per_instance_cpu)

  # 9. asg_instance_count: asg_min_size if set, else the number of ASG subnets
  asg_instance_count = var.asg_min_size != null ? var.asg_min_size : length(var.asg_subnets)

  # 10. task_min_count: the input if set, else tasks_per_instance x asg_instance_count
  task_min_count = (var.task_min_count != null ? var.task_min_count :
  local.tasks_per_instance * local.asg_instance_count)

  # 11. task_max_count: the input if set, else task_min_count x 2
  task_max_count = var.task_max_count != null ? var.task_max_count : local.task_min_count * 2
}

# Rules across two variables. Terraform 1.0.3 validations may only refer to their own
# variable, so each rule is a local that fails the plan with "Invalid function argument"
# (tobool of a sentence) when it is broken. The driver (run.py) maps the local's name back
# to the variables. Both locals are referenced by the output "sizing", so they are evaluated.
locals {
  # module-spec.md: asg_min_size <= asg_max_size when both are set.
  validate_asg_min_le_max = (
    var.asg_min_size == null || var.asg_max_size == null ? true :
    var.asg_min_size <= var.asg_max_size ? true :
    tobool("The asg_min_size must not be above asg_max_size.")
  )

  # module-spec.md: efs_provisioned_throughput_in_mibps is required when the mode is
  # "provisioned".
  validate_efs_provisioned_throughput = (
    var.efs_throughput_mode != "provisioned" ? true :
    var.efs_provisioned_throughput_in_mibps != null ? true :
    tobool("The efs_provisioned_throughput_in_mibps must be set when efs_throughput_mode is provisioned.")
  )
}
