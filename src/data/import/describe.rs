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
