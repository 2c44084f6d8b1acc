//! Dossier statuses (DOMAIN §4.1) with the national status codes used for synchronisation.

use async_graphql::Enum;

/// Where a dossier stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Enum)]
pub enum DossierStatus {
    /// Saved by the citizen, not yet submitted.
    Draft,
    /// Submitted, not yet checked (national code 1, Mới đăng ký).
    Submitted,
    /// Accepted with an appointment; the clock runs (2, Được tiếp nhận).
    Received,
    /// Refused at reception with written reasons (3, Không được tiếp nhận).
    RefusedAtReception,
    /// Being handled (4, Đang xử lý).
    InProgress,
    /// Waiting for the citizen to supplement documents; the clock is paused (5).
    SupplementRequested,
    /// Waiting for a fee or tax payment (6).
    AwaitingPayment,
    /// Withdrawn at the citizen's request (7, Công dân yêu cầu rút hồ sơ).
    Withdrawn,
    /// Handling stopped with written reasons (8, Dừng xử lý).
    Stopped,
    /// Result ready (9, Đã xử lý xong).
    Resolved,
    /// Result delivered (10, Đã trả kết quả).
    Returned,
}

impl DossierStatus {
    /// Every status.
    pub const ALL: [DossierStatus; 11] = [
        DossierStatus::Draft,
        DossierStatus::Submitted,
        DossierStatus::Received,
        DossierStatus::RefusedAtReception,
        DossierStatus::InProgress,
        DossierStatus::SupplementRequested,
        DossierStatus::AwaitingPayment,
        DossierStatus::Withdrawn,
        DossierStatus::Stopped,
        DossierStatus::Resolved,
        DossierStatus::Returned,
    ];

    /// Storage name (SCREAMING_SNAKE_CASE, as in GraphQL).
    pub fn as_str(self) -> &'static str {
        match self {
            DossierStatus::Draft => "DRAFT",
            DossierStatus::Submitted => "SUBMITTED",
            DossierStatus::Received => "RECEIVED",
            DossierStatus::RefusedAtReception => "REFUSED_AT_RECEPTION",
            DossierStatus::InProgress => "IN_PROGRESS",
            DossierStatus::SupplementRequested => "SUPPLEMENT_REQUESTED",
            DossierStatus::AwaitingPayment => "AWAITING_PAYMENT",
            DossierStatus::Withdrawn => "WITHDRAWN",
            DossierStatus::Stopped => "STOPPED",
            DossierStatus::Resolved => "RESOLVED",
            DossierStatus::Returned => "RETURNED",
        }
    }

    /// Parses a storage name.
    pub fn parse(s: &str) -> Option<DossierStatus> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The national portal's status code (DOMAIN §4.1); drafts have none.
    pub fn national_code(self) -> Option<u8> {
        match self {
            DossierStatus::Draft => None,
            DossierStatus::Submitted => Some(1),
            DossierStatus::Received => Some(2),
            DossierStatus::RefusedAtReception => Some(3),
            DossierStatus::InProgress => Some(4),
            DossierStatus::SupplementRequested => Some(5),
            DossierStatus::AwaitingPayment => Some(6),
            DossierStatus::Withdrawn => Some(7),
            DossierStatus::Stopped => Some(8),
            DossierStatus::Resolved => Some(9),
            DossierStatus::Returned => Some(10),
        }
    }

    /// Plain-Vietnamese label for citizens.
    pub fn label_vi(self) -> &'static str {
        match self {
            DossierStatus::Draft => "Lưu nháp",
            DossierStatus::Submitted => "Mới đăng ký",
            DossierStatus::Received => "Được tiếp nhận",
            DossierStatus::RefusedAtReception => "Không được tiếp nhận",
            DossierStatus::InProgress => "Đang xử lý",
            DossierStatus::SupplementRequested => "Yêu cầu bổ sung giấy tờ",
            DossierStatus::AwaitingPayment => "Yêu cầu thực hiện nghĩa vụ tài chính",
            DossierStatus::Withdrawn => "Công dân yêu cầu rút hồ sơ",
            DossierStatus::Stopped => "Dừng xử lý",
            DossierStatus::Resolved => "Đã xử lý xong",
            DossierStatus::Returned => "Đã trả kết quả",
        }
    }

    /// No further transitions.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            DossierStatus::RefusedAtReception
                | DossierStatus::Withdrawn
                | DossierStatus::Stopped
                | DossierStatus::Returned
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_names_round_trip_and_national_codes_are_unique() {
        let mut codes = Vec::new();
        for s in DossierStatus::ALL {
            assert_eq!(DossierStatus::parse(s.as_str()), Some(s));
            if let Some(c) = s.national_code() {
                assert!(!codes.contains(&c));
                codes.push(c);
            }
        }
        assert_eq!(codes.len(), 10);
    }
}
