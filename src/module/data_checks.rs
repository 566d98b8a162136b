//! Loading profiles.toml as the module sees it. The data layer parses the
//! file and checks its values; a profile's config and the module defaults are
//! then checked as module variables, which only this layer knows.

use crate::data::error::DataError;
use crate::data::error::located_error;
use crate::data::tables::Tables;
use crate::module::variables::SizingInputs;

impl Tables {
    /// Parses and checks a `profiles.toml`. `origin` names it in errors.
    pub fn from_toml(src: &str, origin: &str) -> Result<Tables, DataError> {
        Tables::parse_data(src, origin)?.module_checks(src, origin)
    }

    /// The checks of profiles as module variables.
    fn module_checks(self, src: &str, origin: &str) -> Result<Tables, DataError> {
        let tables = self;
        let m = &tables.module;
        let defaults = SizingInputs::defaults(m, m.defaults.asg_instance_type.get_ref());
        if let Some(e) = defaults.problems(m).into_iter().next() {
            return Err(located_error(
                src,
                origin,
                None,
                format!("[module.defaults] {e}"),
            ));
        }
        for profile in &tables.profiles {
            let span = profile.config.asg_instance_type.as_ref().map(|t| t.span());
            let inputs = SizingInputs::from_profile(m, profile);
            if let Err(e) = inputs.validate(m) {
                let message = format!("[[profiles]] `{}` config: {e}", profile.name);
                return Err(located_error(src, origin, span, message));
            }
        }
        Ok(tables)
    }

    /// The embedded `profiles.toml`.
    pub fn embedded() -> Tables {
        Tables::parse_embedded()
            .and_then(|t| t.module_checks("", "<embedded profiles.toml>"))
            .expect("the embedded profiles.toml is checked by the test suite")
    }
}
