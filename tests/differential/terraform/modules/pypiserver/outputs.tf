# Every number goes out as tostring(): Terraform cannot store an infinite number in the
# state ("cannot serialize infinity as JSON"), and the text keeps all 512 bits
# (e.g. "+Inf", "2.5").
output "sizing" {
  value = {
    gunicorn_workers             = tostring(local.gunicorn_workers)
    container_cpu                = tostring(local.container_cpu)
    container_memory_reservation = tostring(local.container_memory_reservation)
    available_ram_mb             = tostring(local.available_ram_mb)
    available_cpu_units          = tostring(local.available_cpu_units)
    tasks_per_instance_ram       = tostring(local.tasks_per_instance_ram)
    tasks_per_instance_cpu       = tostring(local.tasks_per_instance_cpu)
    tasks_per_instance           = tostring(local.tasks_per_instance)
    asg_instance_count           = tostring(local.asg_instance_count)
    task_min_count               = tostring(local.task_min_count)
    task_max_count               = tostring(local.task_max_count)
    ecs_asg_min_size             = tostring(module.ecs.asg_min_size)
    asg_max_size                 = tostring(module.ecs.asg_max_size)
    ecs_asg_max_memory_term      = tostring(module.ecs.asg_max_size_terms.memory)
    ecs_asg_max_cpu_term         = tostring(module.ecs.asg_max_size_terms.cpu)
    root_volume_size             = tostring(module.ecs.root_volume_size)
    validated                    = local.validate_asg_min_le_max && local.validate_efs_provisioned_throughput
  }
}
