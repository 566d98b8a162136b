# The inputs of registry.infrahouse.com/infrahouse/ecs/aws 7.12.0 that pypiserver 2.3.0
# passes, with the validations a pypiserver config can violate (module-stack.md, "ECS
# 7.12.0: validations that a pypiserver config can violate").

variable "asg_subnets" {
  type = list(string)
}

variable "asg_min_size" {
  type    = number
  default = null
  validation {
    condition     = var.asg_min_size == null ? true : var.asg_min_size >= 1 && var.asg_min_size <= 1000
    error_message = "Asg_min_size must be null or between 1 and 1000."
  }
}

variable "asg_max_size" {
  type    = number
  default = null
  validation {
    condition     = var.asg_max_size == null ? true : var.asg_max_size >= 1 && var.asg_max_size <= 1000
    error_message = "Asg_max_size must be null or between 1 and 1000."
  }
}

variable "task_min_count" {
  type = number
  validation {
    condition     = var.task_min_count >= 1
    error_message = "Task_min_count must be at least 1."
  }
}

variable "task_max_count" {
  type = number
}

variable "container_memory" {
  type = number
}

variable "container_memory_reservation" {
  type    = number
  default = null
  validation {
    condition     = var.container_memory_reservation == null ? true : var.container_memory_reservation > 0
    error_message = "Container_memory_reservation must be null or above 0."
  }
}

variable "container_cpu" {
  type = number
}

variable "enable_cloudwatch_logs" {
  type    = bool
  default = true
}

variable "enable_vector_agent" {
  type    = bool
  default = false
}

# Stand-in for data "aws_ec2_instance_type": memory_size (MiB) and default_vcpus.
variable "memory_mib" {
  type = number
}

variable "vcpus" {
  type = number
}
