//! The `--metric-data-queries` document for `aws cloudwatch get-metric-data`:
//! one plain `MetricStat` query per series the guide's rules read, with
//! stable Ids and Labels (docs/metrics.md lists them; tests and users build
//! on them), and the AWS CLI calls that fetch a window within GetMetricData's
//! limits.

use serde::Serialize;

use crate::data::MetricRules;

/// A series the rules read. Its `id()` is the query's `Id`, and the
/// `Id` of its `MetricDataResults` entry.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SeriesId {
    CpuUtilization,
    MemoryUtilization,
    RunningTaskCount,
    ResponseTimeP95,
    ResponseTimeP99,
    RequestCount,
    // The query Id, which snake_case would spell target5xx_count.
    #[serde(rename = "target_5xx_count")]
    Target5xxCount,
    EfsPercentIoLimit,
    EfsBurstCreditBalance,
    InServiceInstances,
}

/// What a series is measured on, and so which value its dimensions need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    /// The ECS cluster and service (both `service_name` in this stack).
    Service,
    /// The ALB, as `app/NAME/ID`.
    LoadBalancer,
    /// The EFS file system, `fs-…`.
    FileSystem,
    /// The Auto Scaling group of the ECS instances.
    AutoScalingGroup,
}

/// How one series is queried.
#[derive(Debug, Clone, Copy)]
pub struct Definition {
    pub id: SeriesId,
    pub namespace: &'static str,
    pub metric_name: &'static str,
    pub stat: &'static str,
    /// The unit its values are in, as the tables show them.
    pub unit: &'static str,
    pub on: Resource,
}

const fn def(
    id: SeriesId,
    namespace: &'static str,
    metric_name: &'static str,
    stat: &'static str,
    unit: &'static str,
    on: Resource,
) -> Definition {
    Definition {
        id,
        namespace,
        metric_name,
        stat,
        unit,
        on,
    }
}

/// Every series, in the order of the query file. The burst credit balance
/// is queried only in bursting mode.
pub const DEFINITIONS: [Definition; 10] = {
    use Resource::*;
    use SeriesId::*;
    [
        def(
            CpuUtilization,
            "AWS/ECS",
            "CPUUtilization",
            "Average",
            "%",
            Service,
        ),
        def(
            MemoryUtilization,
            "AWS/ECS",
            "MemoryUtilization",
            "Average",
            "%",
            Service,
        ),
        def(
            RunningTaskCount,
            "ECS/ContainerInsights",
            "RunningTaskCount",
            "Average",
            "tasks",
            Service,
        ),
        def(
            ResponseTimeP95,
            "AWS/ApplicationELB",
            "TargetResponseTime",
            "p95",
            "s",
            LoadBalancer,
        ),
        def(
            ResponseTimeP99,
            "AWS/ApplicationELB",
            "TargetResponseTime",
            "p99",
            "s",
            LoadBalancer,
        ),
        def(
            RequestCount,
            "AWS/ApplicationELB",
            "RequestCount",
            "Sum",
            "requests",
            LoadBalancer,
        ),
        def(
            Target5xxCount,
            "AWS/ApplicationELB",
            "HTTPCode_Target_5XX_Count",
            "Sum",
            "responses",
            LoadBalancer,
        ),
        def(
            EfsPercentIoLimit,
            "AWS/EFS",
            "PercentIOLimit",
            "Average",
            "%",
            FileSystem,
        ),
        def(
            EfsBurstCreditBalance,
            "AWS/EFS",
            "BurstCreditBalance",
            "Minimum",
            "bytes",
            FileSystem,
        ),
        def(
            InServiceInstances,
            "AWS/AutoScaling",
            "GroupInServiceInstances",
            "Average",
            "instances",
            AutoScalingGroup,
        ),
    ]
};

impl SeriesId {
    /// The query's `Id`: a lowercase letter first, as GetMetricData requires.
    pub fn id(self) -> &'static str {
        match self {
            SeriesId::CpuUtilization => "cpu_utilization",
            SeriesId::MemoryUtilization => "memory_utilization",
            SeriesId::RunningTaskCount => "running_task_count",
            SeriesId::ResponseTimeP95 => "response_time_p95",
            SeriesId::ResponseTimeP99 => "response_time_p99",
            SeriesId::RequestCount => "request_count",
            SeriesId::Target5xxCount => "target_5xx_count",
            SeriesId::EfsPercentIoLimit => "efs_percent_io_limit",
            SeriesId::EfsBurstCreditBalance => "efs_burst_credit_balance",
            SeriesId::InServiceInstances => "in_service_instances",
        }
    }

    pub fn from_id(id: &str) -> Option<SeriesId> {
        DEFINITIONS.iter().map(|d| d.id).find(|s| s.id() == id)
    }

    pub fn definition(self) -> &'static Definition {
        DEFINITIONS
            .iter()
            .find(|d| d.id == self)
            .unwrap_or(&DEFINITIONS[0])
    }
}

/// The values the dimensions need. The cluster and the service are both
/// named `service_name` in this stack.
#[derive(Debug, Clone, Default)]
pub struct Resources {
    pub service_name: String,
    pub cluster_name: String,
    pub load_balancer: Option<String>,
    pub file_system_id: Option<String>,
    pub auto_scaling_group: Option<String>,
}

/// A value a query needs that was not given, or not in the shape AWS uses.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryProblem {
    Missing(Resource),
    Invalid {
        resource: Resource,
        value: String,
        accepted: &'static str,
    },
}

/// One entry of `--metric-data-queries`, in GetMetricData's shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Query {
    pub id: &'static str,
    pub metric_stat: MetricStat,
    pub label: String,
    pub return_data: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricStat {
    pub metric: Metric,
    pub period: u64,
    pub stat: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Metric {
    pub namespace: &'static str,
    pub metric_name: &'static str,
    pub dimensions: Vec<Dimension>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Dimension {
    pub name: &'static str,
    pub value: String,
}

/// The series a config queries: all but the burst credit balance, which
/// only bursting mode has.
pub fn series_for(bursting: bool) -> Vec<SeriesId> {
    DEFINITIONS
        .iter()
        .map(|d| d.id)
        .filter(|id| bursting || *id != SeriesId::EfsBurstCreditBalance)
        .collect()
}

/// The Label of a series: the service it belongs to, then what it is. A
/// result whose Label names another service is not read as this one's.
pub fn label(service_name: &str, d: &Definition) -> String {
    format!(
        "{service_name}: {} {} {}",
        d.namespace, d.metric_name, d.stat
    )
}

/// The queries, or every value missing or malformed.
pub fn queries(
    rules: &MetricRules,
    resources: &Resources,
    bursting: bool,
) -> Result<Vec<Query>, Vec<QueryProblem>> {
    let mut problems = Vec::new();
    let lb = load_balancer(resources.load_balancer.as_deref(), &mut problems);
    let fs = file_system(resources.file_system_id.as_deref(), &mut problems);
    let asg = resources
        .auto_scaling_group
        .as_deref()
        .filter(|a| !a.is_empty());
    if asg.is_none() {
        problems.push(QueryProblem::Missing(Resource::AutoScalingGroup));
    }
    if resources.service_name.is_empty() {
        problems.push(QueryProblem::Missing(Resource::Service));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let dimensions = |on: Resource| -> Vec<Dimension> {
        let d = |name, value: &str| Dimension {
            name,
            value: value.to_string(),
        };
        match on {
            Resource::Service => vec![
                d("ClusterName", &resources.cluster_name),
                d("ServiceName", &resources.service_name),
            ],
            Resource::LoadBalancer => vec![d("LoadBalancer", lb.as_deref().unwrap_or_default())],
            Resource::FileSystem => vec![d("FileSystemId", fs.unwrap_or_default())],
            Resource::AutoScalingGroup => {
                vec![d("AutoScalingGroupName", asg.unwrap_or_default())]
            }
        }
    };
    Ok(series_for(bursting)
        .into_iter()
        .map(|id| {
            let d = id.definition();
            Query {
                id: id.id(),
                metric_stat: MetricStat {
                    metric: Metric {
                        namespace: d.namespace,
                        metric_name: d.metric_name,
                        dimensions: dimensions(d.on),
                    },
                    period: rules.period_s.get(),
                    stat: d.stat,
                },
                label: label(&resources.service_name, d),
                return_data: true,
            }
        })
        .collect())
}

/// `app/NAME/ID`; an ARN is cut to that, as CloudWatch's dimension wants.
fn load_balancer(value: Option<&str>, problems: &mut Vec<QueryProblem>) -> Option<String> {
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        problems.push(QueryProblem::Missing(Resource::LoadBalancer));
        return None;
    };
    let short = value
        .split_once(":loadbalancer/")
        .map_or(value, |(_, rest)| rest);
    let parts: Vec<&str> = short.split('/').collect();
    let ok = parts.len() == 3
        && parts[0] == "app"
        && parts[1..].iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        });
    if !ok {
        problems.push(QueryProblem::Invalid {
            resource: Resource::LoadBalancer,
            value: value.to_string(),
            accepted: "app/NAME/ID (the end of the ALB's ARN)",
        });
        return None;
    }
    Some(short.to_string())
}

fn file_system<'a>(value: Option<&'a str>, problems: &mut Vec<QueryProblem>) -> Option<&'a str> {
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        problems.push(QueryProblem::Missing(Resource::FileSystem));
        return None;
    };
    let ok = value.strip_prefix("fs-").is_some_and(|hex| {
        !hex.is_empty()
            && hex
                .bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    });
    if !ok {
        problems.push(QueryProblem::Invalid {
            resource: Resource::FileSystem,
            value: value.to_string(),
            accepted: "fs- and hexadecimal digits (fs-0123456789abcdef0)",
        });
        return None;
    }
    Some(value)
}

/// The AWS CLI calls that fetch `days` days of `queries` queries: one per
/// window within GetMetricData's limits, oldest window first. Times are
/// GNU `date` expressions (on macOS, `gdate` from coreutils).
pub fn commands(rules: &MetricRules, queries: usize, days: u64) -> Vec<String> {
    let per_day = 86_400 / rules.period_s.get();
    let per_query_day = per_day.saturating_mul(queries.max(1) as u64);
    let days_per_call = (rules.max_datapoints_per_call.get() / per_query_day.max(1)).max(1);
    let calls = days.div_ceil(days_per_call).max(1);
    let at = |ago: u64| {
        if ago == 0 {
            "\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"".to_string()
        } else {
            format!("\"$(date -u -d '{ago} days ago' +%Y-%m-%dT%H:%M:%SZ)\"")
        }
    };
    (0..calls)
        .map(|n| {
            let start = days - n * days_per_call;
            let end = start.saturating_sub(days_per_call);
            let out = if calls == 1 {
                "m.json".to_string()
            } else {
                format!("m-{}.json", n + 1)
            };
            format!(
                "aws cloudwatch get-metric-data --metric-data-queries file://q.json \
                 --start-time {} --end-time {} --output json > {out}",
                at(start),
                at(end)
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Tables;

    fn resources() -> Resources {
        Resources {
            service_name: "pypiserver".into(),
            cluster_name: "pypiserver".into(),
            load_balancer: Some(
                "arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/web/50dc6c495c0c9188"
                    .into(),
            ),
            file_system_id: Some("fs-0123456789abcdef0".into()),
            auto_scaling_group: Some("pypiserver-asg".into()),
        }
    }

    #[test]
    fn every_id_is_what_get_metric_data_accepts_and_unique() {
        let t = Tables::embedded();
        let q = queries(&t.metrics, &resources(), true).unwrap();
        assert_eq!(q.len(), 10);
        let mut ids: Vec<&str> = q.iter().map(|q| q.id).collect();
        for id in &ids {
            assert!(id.starts_with(|c: char| c.is_ascii_lowercase()), "{id}");
            assert!(id.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_'));
            assert_eq!(SeriesId::from_id(id).unwrap().id(), *id);
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 10);
        assert_eq!(
            q[3].metric_stat.metric.dimensions[0].value,
            "app/web/50dc6c495c0c9188"
        );
        assert_eq!(queries(&t.metrics, &resources(), false).unwrap().len(), 9);
    }

    #[test]
    fn missing_and_malformed_values_are_each_named() {
        let t = Tables::embedded();
        let mut r = resources();
        r.load_balancer = Some("web".into());
        r.file_system_id = None;
        r.auto_scaling_group = None;
        let problems = queries(&t.metrics, &r, false).unwrap_err();
        assert_eq!(problems.len(), 3);
        assert!(matches!(problems[0], QueryProblem::Invalid { .. }));
        assert_eq!(problems[1], QueryProblem::Missing(Resource::FileSystem));
    }

    #[test]
    fn a_call_holds_at_most_the_datapoints_get_metric_data_returns() {
        let t = Tables::embedded();
        // 10 queries × 288 a day: 35 days a call.
        assert_eq!(commands(&t.metrics, 10, 14).len(), 1);
        let two = commands(&t.metrics, 10, 63);
        assert_eq!(two.len(), 2);
        assert!(two[0].contains("'63 days ago'") && two[0].contains("'28 days ago'"));
        assert!(two[1].contains("--end-time \"$(date -u +%Y") && two[1].ends_with("m-2.json"));
    }
}
