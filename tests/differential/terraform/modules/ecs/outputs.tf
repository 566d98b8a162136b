output "asg_min_size" {
  value = local.asg_min_size
}

output "asg_max_size" {
  value = local.asg_max_size
}

# The two capacity terms of the derived asg_max_size, for diagnosis.
output "asg_max_size_terms" {
  value = local.asg_max_size_terms
}
