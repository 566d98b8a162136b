# pypiserver 2.3.0 calls registry.infrahouse.com/infrahouse/ecs/aws 7.12.0; here the local
# stand-in ../ecs. The arguments that matter for sizing, as module-stack.md's table
# "What pypiserver passes to the ECS module" lists them.
module "ecs" {
  source = "../ecs"

  asg_subnets                  = var.asg_subnets
  asg_min_size                 = var.asg_min_size # may be null
  asg_max_size                 = var.asg_max_size # may be null
  task_min_count               = local.task_min_count
  task_max_count               = local.task_max_count
  container_memory             = var.container_memory
  container_memory_reservation = local.container_memory_reservation # never null
  container_cpu                = local.container_cpu
  enable_cloudwatch_logs       = true
  # enable_vector_agent: not passed (its default, false)

  memory_mib = var.memory_mib
  vcpus      = var.vcpus
}
