//! Compile-cost baseline: the struct with no derive. See ../../README.md.

/// The plan a tenant is on.
pub enum PlanTier {
    Free,
    Team,
    Enterprise,
}

/// The request context a service propagates: 20 fields of the kinds real baggage carries.
pub struct RequestContext {
    pub tenant_id: u64,
    pub retry_count: u32,
    pub clock_skew_ms: i64,
    pub is_canary: bool,
    pub region: String,
    pub feature_flags: Vec<String>,
    pub experiment_arm: Option<String>,
    pub parent_job_id: Option<u64>,
    pub plan_tier: PlanTier,
    pub sample_rate: f64,
    pub build_version: String,
    pub deploy_ring: u32,
    pub shard_index: u64,
    pub priority_boost: i64,
    pub debug_trace: bool,
    pub availability_zone: String,
    pub cohorts: Vec<String>,
    pub ui_locale: Option<String>,
    pub quota_remaining: Option<u64>,
    pub load_factor: f64,
}

/// Builds a context, so that the crate has code besides the type.
pub fn sample() -> RequestContext {
    RequestContext {
        tenant_id: 4711,
        retry_count: 2,
        clock_skew_ms: -15,
        is_canary: false,
        region: "eu-west-1".to_owned(),
        feature_flags: vec!["new_checkout".to_owned(), "dark_mode".to_owned()],
        experiment_arm: Some("b".to_owned()),
        parent_job_id: None,
        plan_tier: PlanTier::Team,
        sample_rate: 0.25,
        build_version: "2024.11.3".to_owned(),
        deploy_ring: 1,
        shard_index: 17,
        priority_boost: 0,
        debug_trace: false,
        availability_zone: "eu-west-1b".to_owned(),
        cohorts: vec!["beta".to_owned()],
        ui_locale: Some("de-DE".to_owned()),
        quota_remaining: Some(980),
        load_factor: 0.61,
    }
}

/// Formats a couple of fields.
pub fn summary(context: &RequestContext) -> String {
    let tier = match context.plan_tier {
        PlanTier::Free => "free",
        PlanTier::Team => "team",
        PlanTier::Enterprise => "enterprise",
    };
    format!(
        "tenant {} in {} on {} ({} flags)",
        context.tenant_id,
        context.region,
        tier,
        context.feature_flags.len()
    )
}
