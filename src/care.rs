//! The five care levels, from most to least urgent, and the words each one is shown with.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How urgently a reader should get help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CareLevel {
    /// Call the emergency number or go to A&E now.
    Emergency,
    /// Get help today.
    Urgent,
    /// Book a GP appointment.
    Gp,
    /// Ask a pharmacist.
    Pharmacy,
    /// Look after it yourself.
    SelfCare,
}

impl CareLevel {
    /// All levels, most urgent first.
    pub const ALL: [CareLevel; 5] = [
        CareLevel::Emergency,
        CareLevel::Urgent,
        CareLevel::Gp,
        CareLevel::Pharmacy,
        CareLevel::SelfCare,
    ];

    /// The key used in front matter and CSS classes (`self-care`).
    pub fn key(self) -> &'static str {
        match self {
            CareLevel::Emergency => "emergency",
            CareLevel::Urgent => "urgent",
            CareLevel::Gp => "gp",
            CareLevel::Pharmacy => "pharmacy",
            CareLevel::SelfCare => "self-care",
        }
    }

    /// Levels a tree may only reach after a red-flag screen.
    pub fn needs_red_flag_screen(self) -> bool {
        matches!(self, CareLevel::Pharmacy | CareLevel::SelfCare)
    }
}

impl fmt::Display for CareLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}
