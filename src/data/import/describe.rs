//! `aws ec2 describe-instance-types --output json`: one page, or several
//! pages concatenated.

use std::io::Read;

use serde::Deserialize;

use crate::data::catalog::Arch;

/// An instance type as EC2 describes it: what a catalog needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Described {
    pub name: String,
    pub vcpus: u64,
    pub memory_mib: u64,
    /// `None` for an architecture the catalog has no name for (x86_64_mac).
    pub arch: Option<Arch>,
    pub burstable: bool,
    /// `ProcessorInfo.SustainedClockSpeedInGhz`, where EC2 states it.
    pub clock_ghz: Option<f64>,
    /// `VCpuInfo.DefaultThreadsPerCore`, where EC2 states it.
    pub threads_per_core: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Page {
    #[serde(default)]
    instance_types: Vec<TypeInfo>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TypeInfo {
    instance_type: String,
    #[serde(rename = "VCpuInfo")]
    vcpu_info: VCpuInfo,
    memory_info: MemoryInfo,
    processor_info: ProcessorInfo,
    #[serde(default)]
    burstable_performance_supported: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct VCpuInfo {
    default_v_cpus: u64,
    #[serde(default)]
    default_threads_per_core: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MemoryInfo {
    #[serde(rename = "SizeInMiB")]
    size_in_mib: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ProcessorInfo {
    #[serde(default)]
    supported_architectures: Vec<String>,
    #[serde(default)]
    sustained_clock_speed_in_ghz: Option<f64>,
}

/// Every instance type of the pages, in name order (a type listed twice
/// counts once). Errors say where the JSON is wrong.
pub fn read_described(input: impl Read) -> Result<Vec<Described>, String> {
    let mut types = Vec::new();
    let pages = serde_json::Deserializer::from_reader(std::io::BufReader::new(input));
    for page in pages.into_iter::<Page>() {
        let page = page.map_err(|e| e.to_string())?;
        types.extend(page.instance_types.into_iter().map(|t| {
            let archs = &t.processor_info.supported_architectures;
            // Older types list i386 beside x86_64.
            let arch = if archs.iter().any(|a| a == "x86_64") {
                Some(Arch::X86_64)
            } else if archs.iter().any(|a| a == "arm64") {
                Some(Arch::Arm64)
            } else {
                None
            };
            Described {
                name: t.instance_type,
                vcpus: t.vcpu_info.default_v_cpus,
                memory_mib: t.memory_info.size_in_mib,
                arch,
                burstable: t.burstable_performance_supported,
                clock_ghz: t.processor_info.sustained_clock_speed_in_ghz,
                threads_per_core: t.vcpu_info.default_threads_per_core,
            }
        }));
    }
    if types.is_empty() {
        return Err("no InstanceTypes: not describe-instance-types output".into());
    }
    types.sort_by(|a, b| a.name.cmp(&b.name));
    types.dedup_by(|a, b| a.name == b.name);
    Ok(types)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_and_threads_per_core_are_read_where_ec2_states_them() {
        let page = r#"{"InstanceTypes": [
            {"InstanceType": "c4.large", "VCpuInfo": {"DefaultVCpus": 2, "DefaultThreadsPerCore": 2},
             "MemoryInfo": {"SizeInMiB": 3840},
             "ProcessorInfo": {"SupportedArchitectures": ["x86_64"], "SustainedClockSpeedInGhz": 2.9}},
            {"InstanceType": "m4.large", "VCpuInfo": {"DefaultVCpus": 2},
             "MemoryInfo": {"SizeInMiB": 8192}, "ProcessorInfo": {"SupportedArchitectures": ["x86_64"]}}
        ]}"#;
        let types = read_described(page.as_bytes()).unwrap();
        assert_eq!(types[0].clock_ghz, Some(2.9));
        assert_eq!(types[0].threads_per_core, Some(2));
        assert_eq!(types[1].clock_ghz, None);
        assert_eq!(types[1].threads_per_core, None);
    }
}
