//! What readers are told to do, in the site's own words. Service names and numbers differ by
//! country ("999" and "A&E", "112", "911"; "111"; "GP"), so none of them lives in the code: the
//! defaults here are neutral, and a site sets its own in `site.toml`.

use super::SiteConfig;
use crate::care::CareLevel;
use serde::Deserialize;

/// The words shown for one care level (`[care.gp]` in `site.toml`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CareWords {
    /// The badge beside the colour ("See a GP").
    pub label: Option<String>,
    /// The call to action where the site has no outcome page for the level.
    pub action: Option<String>,
}

impl SiteConfig {
    /// The badge for `level`: the site's `[care.<level>] label`, else a neutral default.
    pub fn care_label(&self, level: CareLevel) -> &str {
        self.words(level)
            .and_then(|w| w.label.as_deref())
            .unwrap_or(match level {
                CareLevel::Emergency => "Emergency",
                CareLevel::Urgent => "Urgent: today",
                CareLevel::Gp => "See a doctor",
                CareLevel::Pharmacy => "Pharmacy",
                CareLevel::SelfCare => "Self-care",
            })
    }

    /// The call to action for `level`: the site's `[care.<level>] action`, else a neutral one.
    pub fn care_action(&self, level: CareLevel) -> String {
        if let Some(action) = self.words(level).and_then(|w| w.action.clone()) {
            return action;
        }
        match level {
            CareLevel::Emergency => format!("{} now", self.emergency_advice()),
            CareLevel::Urgent => "Get medical help today".into(),
            CareLevel::Gp => "Book an appointment with a doctor".into(),
            CareLevel::Pharmacy => "Ask a pharmacist for advice".into(),
            CareLevel::SelfCare => "You can probably look after this yourself".into(),
        }
    }

    /// What to do in an emergency, as one instruction ("Call 999 or go to A&E").
    pub fn emergency_advice(&self) -> String {
        self.emergency_advice
            .clone()
            .unwrap_or_else(|| format!("Call {}", self.emergency_number))
    }

    /// Who to contact when worried, as one sentence for the footer and the 404 page.
    pub fn worried_advice(&self) -> &str {
        self.worried_advice
            .as_deref()
            .unwrap_or("If you are worried, contact a pharmacist or a doctor.")
    }

    fn words(&self, level: CareLevel) -> Option<&CareWords> {
        self.care.get(&level)
    }
}
