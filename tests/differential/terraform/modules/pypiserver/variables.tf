# The sizing-related inputs of infrahouse/pypiserver/aws 2.3.0, with the defaults and
# accepted ranges of module-spec.md ("The module's inputs that sizing touches").

variable "asg_instance_type" {
  type    = string
  default = "t3.small"
  validation {
    condition     = can(regex("^[a-z][0-9][a-z]?\\.[a-z0-9]+$", var.asg_instance_type))
    error_message = "Asg_instance_type must be an instance type name like c6a.xlarge."
  }
}

variable "asg_subnets" {
  type = list(string)
  validation {
    condition     = length(var.asg_subnets) >= 1
    error_message = "Asg_subnets must list at least one subnet."
  }
}

variable "asg_min_size" {
  type    = number
  default = null
  validation {
    condition     = var.asg_min_size == null ? true : var.asg_min_size >= 0
    error_message = "Asg_min_size must be null or at least 0."
  }
}

# "asg_min_size <= asg_max_size when both are set": see local.validate_asg_min_le_max.
variable "asg_max_size" {
  type    = number
  default = null
  validation {
    condition     = var.asg_max_size == null ? true : var.asg_max_size > 0
    error_message = "Asg_max_size must be null or above 0."
  }
}

variable "container_memory" {
  type    = number
  default = 512
  validation {
    condition     = var.container_memory >= 128 && var.container_memory <= 30720
    error_message = "Container_memory must be between 128 and 30720."
  }
}

variable "container_memory_reservation" {
  type    = number
  default = null
  validation {
    condition = (var.container_memory_reservation == null ? true :
    var.container_memory_reservation >= 0 && var.container_memory_reservation <= 30720)
    error_message = "Container_memory_reservation must be null or between 0 and 30720."
  }
}

variable "container_cpu" {
  type    = number
  default = null
  validation {
    condition     = var.container_cpu == null ? true : var.container_cpu >= 128 && var.container_cpu <= 4096
    error_message = "Container_cpu must be null or between 128 and 4096."
  }
}

variable "gunicorn_workers" {
  type    = number
  default = null
  validation {
    condition     = var.gunicorn_workers == null ? true : var.gunicorn_workers >= 1 && var.gunicorn_workers <= 16
    error_message = "Gunicorn_workers must be null or between 1 and 16."
  }
}

variable "task_min_count" {
  type    = number
  default = null
  validation {
    condition     = var.task_min_count == null ? true : var.task_min_count >= 0
    error_message = "Task_min_count must be null or at least 0."
  }
}

variable "task_max_count" {
  type    = number
  default = null
  validation {
    condition     = var.task_max_count == null ? true : var.task_max_count > 0
    error_message = "Task_max_count must be null or above 0."
  }
}

variable "efs_throughput_mode" {
  type    = string
  default = "elastic"
  validation {
    condition     = contains(["bursting", "elastic", "provisioned"], var.efs_throughput_mode)
    error_message = "Efs_throughput_mode must be bursting, elastic or provisioned."
  }
}

# "required when the mode is provisioned": see local.validate_efs_provisioned_throughput.
variable "efs_provisioned_throughput_in_mibps" {
  type    = number
  default = null
  validation {
    condition = (var.efs_provisioned_throughput_in_mibps == null ? true :
    var.efs_provisioned_throughput_in_mibps >= 1 && var.efs_provisioned_throughput_in_mibps <= 3414)
    error_message = "Efs_provisioned_throughput_in_mibps must be null or between 1 and 3414."
  }
}

# module-spec.md: null is accepted (lifecycle policy off). The conditional keeps null away
# from contains(), which Terraform 1.0.3 would evaluate even behind `null == ... ||`.
variable "efs_lifecycle_policy" {
  type    = number
  default = 30
  validation {
    condition     = var.efs_lifecycle_policy == null ? true : contains([7, 14, 30, 60, 90], var.efs_lifecycle_policy)
    error_message = "Efs_lifecycle_policy must be null, 7, 14, 30, 60 or 90."
  }
}

# Stand-in for data "aws_ec2_instance_type": memory_size (MiB) and default_vcpus of
# asg_instance_type.
variable "memory_mib" {
  type = number
}

variable "vcpus" {
  type = number
}
