//! `advise`: what to change, from what CloudWatch shows, typed in or read
//! from `aws cloudwatch get-metric-data`; with --detailed-exitcode, exit
//! code 3 (a verdict) when a change is proposed or a rule could not be
//! judged, never 0 then.

use std::path::Path;

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::answers::advise::burst::{self, BurstSource};
use pypi_size::answers::advise::metrics::query::{self, QueryProblem, Resource, Resources};
use pypi_size::answers::advise::metrics::results;
use pypi_size::answers::advise::{self, Advice};
use pypi_size::answers::predict;

use crate::app::cli::AdviseArgs;
use crate::app::exit_codes;
use crate::app::requests;
use crate::app::streams;
use crate::app::usage::UsageError;
use crate::render::Document;

/// What `get-metric-data` prints for 63 days of every query, pretty-printed,
/// with room: about 10 MiB.
const MAX_METRICS_BYTES: u64 = 64 << 20;

pub fn exec(tables: &Tables, args: &AdviseArgs) -> Result<(Document, u8)> {
    deployed_config_given(args)?;
    let (request, profile) = requests::config_request(tables, &args.config)?;
    let mut advice = match &args.metrics {
        Some(path) => {
            let readings = read_metrics(path)?;
            advise::advise_measured(tables, &request, profile, &readings, &args.service_name)
        }
        None => advise::advise(tables, &request, profile, &requests::metrics(args)),
    }
    .map_err(|e| super::capacity::in_terms(tables, &args.config, e))?;
    predict_burst(tables, args, &mut advice)?;
    let code = exit_code(args.detailed_exitcode, &advice);
    Ok((Document::Advise(advice), code))
}

/// The burst typed in, or the largest the metrics show, predicted on the
/// current config and each proposal.
fn predict_burst(tables: &Tables, args: &AdviseArgs, advice: &mut Advice) -> Result<()> {
    let burst_load = args.load == advise::Load::Burst || args.metrics.is_some();
    if (args.burst_clients.is_some() || args.busiest_share.is_some()) && !burst_load {
        return Err(UsageError(
            "--burst-clients and --busiest-share describe a burst: give them with --load burst \
             (metrics typed in during a burst) or --metrics FILE"
                .into(),
        )
        .into());
    }
    let (mut burst, source, requests) = match (args.burst_clients, &advice.measured) {
        (Some(n), _) => (
            predict::Burst {
                clients: n,
                packages_per_client: 1,
                requests_per_package: tables.predict.metrics_requests_per_install.get(),
                packages: None,
                busiest_share: None,
                timeouts_s: Vec::new(),
            },
            BurstSource::Flags,
            None,
        ),
        (None, Some(m)) => match burst::from_metrics(tables, m) {
            Some((b, r)) => (b, BurstSource::Metrics, Some(r)),
            None => return Ok(()),
        },
        (None, None) => return Ok(()),
    };
    burst.busiest_share = args.busiest_share;
    burst::apply(tables, advice, &burst, source, requests)
        .map_err(|e| UsageError(e.to_string()))?;
    Ok(())
}

/// Advice compares with what is deployed: without `--profile` or
/// `--instance` it would compare with the module's defaults, a guess (2 ×
/// t3.small), and recommend changes for the same workers. A usage error
/// that says how to give it.
fn deployed_config_given(args: &AdviseArgs) -> Result<()> {
    let c = &args.config;
    if c.profile.is_some() || c.capacity.instance.is_some() {
        return Ok(());
    }
    Err(UsageError(
        "advise needs the config the metrics come from: --profile NAME (a guide profile), or \
         --instance TYPE with the module variables you set (--container-memory, \
         --asg-min-size, ...); `pypi-size check DIR` shows them for a Terraform tree"
            .to_string(),
    )
    .into())
}

/// A verdict when a change is proposed or a rule could not be judged (a
/// missing series is not health, so never 0 then); else SUCCESS.
fn exit_code(detailed: bool, advice: &Advice) -> u8 {
    // A rule whose verdict is `action` is a verdict even when no change
    // could be sized (advise_measured clears a downgrade with none).
    let acted = advice.measured.as_ref().is_some_and(|m| {
        m.rules
            .iter()
            .any(|r| r.verdict == pypi_size::answers::advise::metrics::rules::Verdict::Action)
    });
    let changes = acted || advice.actions.iter().any(|a| a.proposed.is_some());
    let unjudged = advice
        .measured
        .as_ref()
        .is_some_and(|m| !m.not_judged.is_empty());
    match (detailed, changes, unjudged) {
        (false, _, _) => exit_codes::SUCCESS,
        (true, true, _) => exit_codes::CHANGES,
        (true, false, true) => exit_codes::VERDICT,
        (true, false, false) => exit_codes::SUCCESS,
    }
}

fn read_metrics(path: &Path) -> Result<results::Readings> {
    let (origin, text) = crate::app::input::read_own_file(path, MAX_METRICS_BYTES)?;
    results::read(&text).map_err(|e| anyhow::anyhow!("{origin}: {e}"))
}

/// `--metrics-query`: the queries' JSON; the aws command lines that fetch
/// them go to stderr, so stdout can be redirected to q.json.
pub fn query(tables: &Tables, args: &AdviseArgs) -> Result<String> {
    let (request, _) = requests::config_request(tables, &args.config)?;
    let rules = &tables.metrics;
    let days = args.days.unwrap_or(rules.default_days.get());
    if days == 0 || days > rules.max_days.get() {
        return Err(UsageError(format!(
            "invalid value {days} for --days: 1 to {} (CloudWatch keeps 5-minute data {} days)",
            rules.max_days.get(),
            rules.max_days.get()
        ))
        .into());
    }
    let resources = Resources {
        service_name: args.service_name.clone(),
        cluster_name: args
            .cluster_name
            .clone()
            .unwrap_or_else(|| args.service_name.clone()),
        load_balancer: args.load_balancer.clone(),
        file_system_id: args.file_system_id.clone(),
        auto_scaling_group: args.asg_name.clone(),
    };
    let bursting =
        request.costs.efs_throughput_mode == pypi_size::data::EfsThroughputMode::Bursting;
    let queries = query::queries(rules, &resources, bursting)
        .map_err(|problems| UsageError(problems_message(&problems)))?;
    let most = rules.max_queries_per_call.get() as usize;
    if queries.len() > most {
        anyhow::bail!(
            "{} queries, more than the {most} GetMetricData takes in a call ([metrics] \
             max_queries_per_call)",
            queries.len()
        );
    }
    let commands = query::commands(rules, queries.len(), days);
    streams::message(&format!(
        "# then run{}:\n{}",
        if commands.len() > 1 {
            " (one call per window GetMetricData returns whole; concatenate the files for --metrics)"
        } else {
            ""
        },
        commands.join("\n")
    ));
    Ok(serde_json::to_string_pretty(&queries)? + "\n")
}

/// Each value missing or malformed, with its flag and how to find it.
fn problems_message(problems: &[QueryProblem]) -> String {
    let lines: Vec<String> = problems
        .iter()
        .map(|p| match p {
            QueryProblem::Missing(r) => {
                format!(
                    "{} is required: find it with `{}`",
                    flag(*r),
                    how_to_find(*r)
                )
            }
            QueryProblem::Invalid {
                resource,
                value,
                accepted,
            } => format!(
                "invalid value {value:?} for {}: {accepted}; find it with `{}`",
                flag(*resource),
                how_to_find(*resource)
            ),
        })
        .collect();
    format!(
        "--metrics-query needs the stack's resources:\n  {}",
        lines.join("\n  ")
    )
}

fn flag(r: Resource) -> &'static str {
    match r {
        Resource::Service => "--service-name",
        Resource::LoadBalancer => "--load-balancer",
        Resource::FileSystem => "--file-system-id",
        Resource::AutoScalingGroup => "--asg-name",
    }
}

fn how_to_find(r: Resource) -> &'static str {
    match r {
        Resource::Service => "aws ecs list-services --cluster CLUSTER",
        Resource::LoadBalancer => {
            "aws elbv2 describe-load-balancers --query 'LoadBalancers[].LoadBalancerArn' --output text"
        }
        Resource::FileSystem => {
            "aws efs describe-file-systems --query 'FileSystems[].[FileSystemId,Name]' --output text"
        }
        Resource::AutoScalingGroup => {
            "aws autoscaling describe-auto-scaling-groups --query \
             'AutoScalingGroups[].AutoScalingGroupName' --output text"
        }
    }
}
