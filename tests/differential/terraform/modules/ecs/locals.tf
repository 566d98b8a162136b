# ECS 7.12.0: the instance counts the module sets for the Auto Scaling Group
# (module-stack.md, "ECS 7.12.0: the instance counts it sets").
locals {
  # Per-instance daemon overhead: the CloudWatch agent daemon takes 128 CPU units and
  # 256 MB when enable_cloudwatch_logs is true; the Vector agent another 128 / 256.
  daemon_cpu_overhead    = (var.enable_cloudwatch_logs ? 128 : 0) + (var.enable_vector_agent ? 128 : 0)
  daemon_memory_overhead = (var.enable_cloudwatch_logs ? 256 : 0) + (var.enable_vector_agent ? 256 : 0)

  # coalesce(container_memory_reservation, container_memory), as the ECS module sizes by.
  reservation = coalesce(var.container_memory_reservation, var.container_memory)

  # Effective asg_min_size: the input if set, else length(asg_subnets).
  asg_min_size = var.asg_min_size != null ? var.asg_min_size : length(var.asg_subnets)

  # Effective asg_max_size: the input if set, else
  #   max(ceil(task_max_count / ((memory_mib - 1024 - daemon_memory) / reservation)),
  #       ceil(task_max_count / ((vcpus x 1024 - daemon_cpu) / container_cpu)),
  #       asg_min_size + 1)
  # with real (not floored) divisions in this order. memory_mib < 1280 makes the memory
  # term <= 0; exactly 1280 makes it +Inf.
  asg_max_size = (var.asg_max_size != null ? var.asg_max_size : max(
    ceil(var.task_max_count / ((var.memory_mib - 1024 - local.daemon_memory_overhead) / local.reservation)),
    ceil(var.task_max_count / ((var.vcpus * 1024 - local.daemon_cpu_overhead) / var.container_cpu)),
    local.asg_min_size + 1
  ))

  # The same two terms alone, for diagnosis only (try(): they are computed even when
  # asg_max_size is set, where the module never evaluates them).
  asg_max_size_terms = {
    memory = try(ceil(var.task_max_count / ((var.memory_mib - 1024 - local.daemon_memory_overhead) / local.reservation)), "error")
    cpu    = try(ceil(var.task_max_count / ((var.vcpus * 1024 - local.daemon_cpu_overhead) / var.container_cpu)), "error")
  }
}
# ECS 7.12.0's check block "asg_max_size >= asg_min_size when both set" only warns (Terraform
# >= 1.5), and pypiserver's own rule (local.validate_asg_min_le_max) fails first: not
# transcribed.
