//! The dossier lifecycle (DOMAIN §4): the statuses with their national codes, the finer
//! [`Stage`]s staff work in, the [`Action`]s that move a dossier, and [`next`], the one function
//! that decides whether an action is legal here, where it leads, what it does to the processing
//! clock, which document it produces and who may take it.
//!
//! Pure and deterministic: the backend applies the answer in one transaction, and the web app
//! asks the same function which buttons to show.
//!
//! Decisions recorded here (DOMAIN leaves them open):
//! - **Stages inside the national statuses.** Status 4 (IN_PROGRESS) is refined into the steps
//!   handling → awaiting approval → approved, plus *suspended* and *at a partner agency*
//!   (liên thông, DOMAIN's "AwaitingCoordination"). Status 5 (SUPPLEMENT_REQUESTED) is split by
//!   whether the dossier was already accepted: before acceptance the clock has not started;
//!   during processing the request **pauses** the clock.
//! - **Suspend / Resume** is an explicit step of IN_PROGRESS (national code stays 4). The clock
//!   keeps running: the national formula subtracts only supplement time (DOMAIN §4.3, §6.4), so
//!   an on-hold that should stop the clock must be a supplement request. Resume returns to
//!   handling (the specialist re-checks before approval).
//! - **Returned as ineligible** after acceptance ends in STOPPED (8) with the refusal form 03
//!   and written reasons; a stop for other reasons uses the stop notice form 05.
//! - **Payment** (AWAITING_PAYMENT, 6) does not pause the clock (the per-procedure pause flag
//!   DOMAIN mentions defaults to off and is not modelled yet).
//! - A **second supplement request** during processing is allowed but flagged
//!   ([`Transition::counts_late`]): the national index counts such a dossier as late.

use std::fmt;

use serde::{Deserialize, Serialize};

// DOMAIN §4.1; `national_code` gives the national portal's code. The doc line below is the
// GraphQL description of `DossierStatus` in backend/schema.graphql: keep it as it is.
/// Where a dossier stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
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

impl fmt::Display for DossierStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The step of an IN_PROGRESS dossier (stored in `dossiers.current_step`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[cfg_attr(feature = "graphql", graphql(name = "DossierStep"))]
pub enum Step {
    /// The assigned specialist appraises the dossier (thụ lý, thẩm định).
    Handling,
    /// Submitted to the leader for approval (trình phê duyệt).
    AwaitingApproval,
    /// Approved and signed; the result is being issued (đã phê duyệt, ký số).
    Approved,
    /// Handling is on hold; the clock keeps running (tạm dừng xử lý).
    Suspended,
    /// Forwarded to a partner agency (liên thông); it answers back.
    AtPartnerAgency,
}

impl Step {
    /// Every step.
    pub const ALL: [Step; 5] = [
        Step::Handling,
        Step::AwaitingApproval,
        Step::Approved,
        Step::Suspended,
        Step::AtPartnerAgency,
    ];

    /// Storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Handling => "HANDLING",
            Step::AwaitingApproval => "AWAITING_APPROVAL",
            Step::Approved => "APPROVED",
            Step::Suspended => "SUSPENDED",
            Step::AtPartnerAgency => "AT_PARTNER_AGENCY",
        }
    }

    /// Parses a storage name.
    pub fn parse(s: &str) -> Option<Step> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// A dossier's exact position in the one-stop process: its national status refined by the
/// step staff work in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[cfg_attr(feature = "graphql", graphql(name = "DossierStage"))]
pub enum Stage {
    /// Saved by the citizen, not yet submitted (DRAFT).
    Draft,
    /// Submitted, waiting for the one-stop officer's check (SUBMITTED, 1).
    Submitted,
    /// Incomplete at the check: the citizen must supplement before acceptance; the clock has
    /// not started (SUPPLEMENT_REQUESTED, 5).
    SupplementBeforeAcceptance,
    /// Refused at reception with written reasons (REFUSED_AT_RECEPTION, 3; terminal).
    RefusedAtReception,
    /// Accepted with an appointment, waiting for assignment (RECEIVED, 2).
    Received,
    /// A specialist handles it (IN_PROGRESS, 4).
    Handling,
    /// Waiting for the leader's approval (IN_PROGRESS, 4).
    AwaitingApproval,
    /// Approved and signed; the result is being issued (IN_PROGRESS, 4).
    Approved,
    /// On hold; the clock keeps running (IN_PROGRESS, 4).
    Suspended,
    /// At a partner agency (liên thông) (IN_PROGRESS, 4).
    AtPartnerAgency,
    /// Supplement requested during processing: the clock is paused (SUPPLEMENT_REQUESTED, 5).
    SupplementDuringProcessing,
    /// Waiting for a fee or tax payment (AWAITING_PAYMENT, 6).
    AwaitingPayment,
    /// Withdrawn by the citizen (WITHDRAWN, 7; terminal).
    Withdrawn,
    /// Handling stopped with written reasons (STOPPED, 8; terminal).
    Stopped,
    /// Result ready to hand over (RESOLVED, 9).
    Resolved,
    /// Result delivered (RETURNED, 10; terminal).
    Returned,
}

impl Stage {
    /// Every stage.
    pub const ALL: [Stage; 16] = [
        Stage::Draft,
        Stage::Submitted,
        Stage::SupplementBeforeAcceptance,
        Stage::RefusedAtReception,
        Stage::Received,
        Stage::Handling,
        Stage::AwaitingApproval,
        Stage::Approved,
        Stage::Suspended,
        Stage::AtPartnerAgency,
        Stage::SupplementDuringProcessing,
        Stage::AwaitingPayment,
        Stage::Withdrawn,
        Stage::Stopped,
        Stage::Resolved,
        Stage::Returned,
    ];

    /// The national status this stage is reported as.
    pub fn status(self) -> DossierStatus {
        match self {
            Stage::Draft => DossierStatus::Draft,
            Stage::Submitted => DossierStatus::Submitted,
            Stage::SupplementBeforeAcceptance | Stage::SupplementDuringProcessing => {
                DossierStatus::SupplementRequested
            }
            Stage::RefusedAtReception => DossierStatus::RefusedAtReception,
            Stage::Received => DossierStatus::Received,
            Stage::Handling
            | Stage::AwaitingApproval
            | Stage::Approved
            | Stage::Suspended
            | Stage::AtPartnerAgency => DossierStatus::InProgress,
            Stage::AwaitingPayment => DossierStatus::AwaitingPayment,
            Stage::Withdrawn => DossierStatus::Withdrawn,
            Stage::Stopped => DossierStatus::Stopped,
            Stage::Resolved => DossierStatus::Resolved,
            Stage::Returned => DossierStatus::Returned,
        }
    }

    /// The step stored beside the status (IN_PROGRESS stages only).
    pub fn step(self) -> Option<Step> {
        match self {
            Stage::Handling => Some(Step::Handling),
            Stage::AwaitingApproval => Some(Step::AwaitingApproval),
            Stage::Approved => Some(Step::Approved),
            Stage::Suspended => Some(Step::Suspended),
            Stage::AtPartnerAgency => Some(Step::AtPartnerAgency),
            _ => None,
        }
    }

    /// The stage of a stored dossier: its status, its step, and whether it was ever accepted
    /// (`received_at` is set). Tolerant of rows written before steps existed (seeded or
    /// imported IN_PROGRESS rows without a step are in handling).
    pub fn from_storage(status: DossierStatus, step: Option<Step>, accepted: bool) -> Stage {
        match status {
            DossierStatus::Draft => Stage::Draft,
            DossierStatus::Submitted => Stage::Submitted,
            DossierStatus::Received => Stage::Received,
            DossierStatus::RefusedAtReception => Stage::RefusedAtReception,
            DossierStatus::InProgress => match step {
                Some(Step::AwaitingApproval) => Stage::AwaitingApproval,
                Some(Step::Approved) => Stage::Approved,
                Some(Step::Suspended) => Stage::Suspended,
                Some(Step::AtPartnerAgency) => Stage::AtPartnerAgency,
                Some(Step::Handling) | None => Stage::Handling,
            },
            DossierStatus::SupplementRequested if accepted => Stage::SupplementDuringProcessing,
            DossierStatus::SupplementRequested => Stage::SupplementBeforeAcceptance,
            DossierStatus::AwaitingPayment => Stage::AwaitingPayment,
            DossierStatus::Withdrawn => Stage::Withdrawn,
            DossierStatus::Stopped => Stage::Stopped,
            DossierStatus::Resolved => Stage::Resolved,
            DossierStatus::Returned => Stage::Returned,
        }
    }

    /// No action applies any more.
    pub fn is_terminal(self) -> bool {
        self.status().is_terminal()
    }

    /// The dossier has its end instant (`finished_at`): resolved, or ended otherwise.
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            Stage::RefusedAtReception
                | Stage::Withdrawn
                | Stage::Stopped
                | Stage::Resolved
                | Stage::Returned
        )
    }

    /// Plain-Vietnamese label (the status label, with the step for IN_PROGRESS stages).
    pub fn label_vi(self) -> &'static str {
        match self {
            Stage::Handling => "Đang xử lý — chuyên viên thụ lý",
            Stage::AwaitingApproval => "Đang xử lý — chờ lãnh đạo phê duyệt",
            Stage::Approved => "Đang xử lý — đã phê duyệt, đang phát hành kết quả",
            Stage::Suspended => "Đang xử lý — tạm dừng",
            Stage::AtPartnerAgency => "Đang xử lý — chuyển cơ quan phối hợp (liên thông)",
            Stage::SupplementBeforeAcceptance => "Yêu cầu bổ sung giấy tờ trước khi tiếp nhận",
            Stage::SupplementDuringProcessing => {
                "Yêu cầu bổ sung giấy tờ (tạm dừng tính thời gian)"
            }
            other => other.status().label_vi(),
        }
    }
}

impl fmt::Display for Stage {
    /// `STATUS` or `STATUS/STEP`, e.g. `IN_PROGRESS/AWAITING_APPROVAL`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self, self.step()) {
            (_, Some(step)) => write!(f, "{}/{}", self.status(), step.as_str()),
            (Stage::SupplementBeforeAcceptance, None) => {
                write!(f, "{}/BEFORE_ACCEPTANCE", self.status())
            }
            (Stage::SupplementDuringProcessing, None) => {
                write!(f, "{}/DURING_PROCESSING", self.status())
            }
            _ => write!(f, "{}", self.status()),
        }
    }
}

/// Who takes an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Actor {
    /// The dossier's owner (chủ hồ sơ), signed in.
    Citizen,
    /// One-stop officer (cán bộ một cửa): receives, checks, returns results.
    ReceptionOfficer,
    /// Handling officer (chuyên viên thụ lý).
    Specialist,
    /// Unit head / signatory (lãnh đạo): assigns, approves, stops.
    Leader,
    /// The tenant's administrator: may stand in for any staff role except the signatory.
    TenantAdmin,
    /// The system itself (payment webhook, electronic delivery).
    System,
}

impl Actor {
    /// Every actor.
    pub const ALL: [Actor; 6] = [
        Actor::Citizen,
        Actor::ReceptionOfficer,
        Actor::Specialist,
        Actor::Leader,
        Actor::TenantAdmin,
        Actor::System,
    ];
}

/// How a result reaches the citizen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
pub enum ReturnChannel {
    /// Handed over at the one-stop counter.
    Counter,
    /// Sent by the public postal service (with a tracking number).
    Post,
    /// Delivered electronically (the citizen's account and data store).
    Electronic,
}

impl ReturnChannel {
    /// Storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReturnChannel::Counter => "COUNTER",
            ReturnChannel::Post => "POST",
            ReturnChannel::Electronic => "ELECTRONIC",
        }
    }
}

/// Something staff (or the citizen) do to a dossier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[cfg_attr(feature = "graphql", graphql(name = "DossierAction"))]
pub enum Action {
    /// Submit a draft (drafts are not offered yet; `submitDossier` creates submitted dossiers).
    Submit,
    /// Accept after the check: receipt with appointment (form 01); the clock starts.
    Accept,
    /// Ask for missing documents in one written list (form 02). Before acceptance the clock has
    /// not started; during processing it pauses. A second request during processing counts late.
    RequestSupplement,
    /// The supplement arrived: back to the check, or back to handling with the due date moved
    /// by the paused working time (updated receipt, form 01).
    Supplement,
    /// Refuse at reception with written reasons (form 03).
    Refuse,
    /// Return an accepted dossier found ineligible, with written reasons (form 03); it stops.
    ReturnIneligible,
    /// Assign (or reassign) to a specialist (process-control slip line, form 06).
    Assign,
    /// The specialist submits the draft result to the leader (form 06).
    SubmitForApproval,
    /// The leader sends it back to the specialist for rework (form 06).
    SendBack,
    /// The leader approves and signs (form 06).
    Approve,
    /// Ask the citizen to pay a fee or tax (payment notice).
    RequestPayment,
    /// The payment arrived; handling continues (form 06).
    ConfirmPayment,
    /// The result is issued and ready (the result document); the clock stops.
    Resolve,
    /// Hand the result over at the counter (form 06).
    ReturnAtCounter,
    /// Send the result by post, with the tracking number (form 06).
    ReturnByPost,
    /// Deliver the result electronically (form 06).
    ReturnElectronically,
    /// The citizen withdraws the dossier (withdrawal record); the clock stops.
    Withdraw,
    /// Stop handling with written reasons (stop notice, form 05); the clock stops.
    Stop,
    /// Put handling on hold with a reason; the clock keeps running (form 06).
    Suspend,
    /// Resume a suspended dossier in handling (form 06).
    Resume,
    /// Forward to a partner agency (liên thông); it becomes the handling agency (form 06).
    ForwardToAgency,
    /// The partner agency answered; handling continues here (form 06).
    BackFromAgency,
    /// Apologise for a (risk of) delay with a new appointment date (form 04); the due date
    /// used by statistics does not move.
    Apologise,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 23] = [
        Action::Submit,
        Action::Accept,
        Action::RequestSupplement,
        Action::Supplement,
        Action::Refuse,
        Action::ReturnIneligible,
        Action::Assign,
        Action::SubmitForApproval,
        Action::SendBack,
        Action::Approve,
        Action::RequestPayment,
        Action::ConfirmPayment,
        Action::Resolve,
        Action::ReturnAtCounter,
        Action::ReturnByPost,
        Action::ReturnElectronically,
        Action::Withdraw,
        Action::Stop,
        Action::Suspend,
        Action::Resume,
        Action::ForwardToAgency,
        Action::BackFromAgency,
        Action::Apologise,
    ];

    /// Storage name (as in GraphQL).
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Submit => "SUBMIT",
            Action::Accept => "ACCEPT",
            Action::RequestSupplement => "REQUEST_SUPPLEMENT",
            Action::Supplement => "SUPPLEMENT",
            Action::Refuse => "REFUSE",
            Action::ReturnIneligible => "RETURN_INELIGIBLE",
            Action::Assign => "ASSIGN",
            Action::SubmitForApproval => "SUBMIT_FOR_APPROVAL",
            Action::SendBack => "SEND_BACK",
            Action::Approve => "APPROVE",
            Action::RequestPayment => "REQUEST_PAYMENT",
            Action::ConfirmPayment => "CONFIRM_PAYMENT",
            Action::Resolve => "RESOLVE",
            Action::ReturnAtCounter => "RETURN_AT_COUNTER",
            Action::ReturnByPost => "RETURN_BY_POST",
            Action::ReturnElectronically => "RETURN_ELECTRONICALLY",
            Action::Withdraw => "WITHDRAW",
            Action::Stop => "STOP",
            Action::Suspend => "SUSPEND",
            Action::Resume => "RESUME",
            Action::ForwardToAgency => "FORWARD_TO_AGENCY",
            Action::BackFromAgency => "BACK_FROM_AGENCY",
            Action::Apologise => "APOLOGISE",
        }
    }

    /// Parses a storage name.
    pub fn parse(s: &str) -> Option<Action> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// What it means in plain Vietnamese (timeline notes, buttons).
    pub fn label_vi(self) -> &'static str {
        match self {
            Action::Submit => "Nộp hồ sơ",
            Action::Accept => "Tiếp nhận hồ sơ, hẹn trả kết quả",
            Action::RequestSupplement => "Yêu cầu bổ sung, hoàn thiện hồ sơ",
            Action::Supplement => "Đã nhận hồ sơ bổ sung",
            Action::Refuse => "Từ chối tiếp nhận hồ sơ",
            Action::ReturnIneligible => "Trả lại hồ sơ không đủ điều kiện giải quyết",
            Action::Assign => "Phân công xử lý",
            Action::SubmitForApproval => "Trình lãnh đạo phê duyệt",
            Action::SendBack => "Trả lại để xử lý lại",
            Action::Approve => "Lãnh đạo phê duyệt",
            Action::RequestPayment => "Yêu cầu thực hiện nghĩa vụ tài chính",
            Action::ConfirmPayment => "Đã thanh toán, tiếp tục xử lý",
            Action::Resolve => "Đã có kết quả giải quyết",
            Action::ReturnAtCounter => "Trả kết quả tại Bộ phận Một cửa",
            Action::ReturnByPost => "Gửi kết quả qua bưu chính công ích",
            Action::ReturnElectronically => "Trả kết quả điện tử",
            Action::Withdraw => "Công dân rút hồ sơ",
            Action::Stop => "Dừng giải quyết hồ sơ",
            Action::Suspend => "Tạm dừng xử lý",
            Action::Resume => "Tiếp tục xử lý",
            Action::ForwardToAgency => "Chuyển cơ quan phối hợp (liên thông)",
            Action::BackFromAgency => "Cơ quan phối hợp đã trả hồ sơ",
            Action::Apologise => "Xin lỗi và hẹn lại ngày trả kết quả",
        }
    }

    /// How the result is returned, for the three return actions.
    pub fn return_channel(self) -> Option<ReturnChannel> {
        match self {
            Action::ReturnAtCounter => Some(ReturnChannel::Counter),
            Action::ReturnByPost => Some(ReturnChannel::Post),
            Action::ReturnElectronically => Some(ReturnChannel::Electronic),
            _ => None,
        }
    }

    /// Whether `actor` may take this action in at least one stage (a caller who never may is
    /// FORBIDDEN whatever the dossier's state).
    pub fn may_ever(self, actor: Actor) -> bool {
        Stage::ALL
            .into_iter()
            .any(|stage| next(stage, self, &Context::default()).is_ok_and(|t| t.allows(actor)))
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a transition does to the processing clock (the time that decides early / on time / late).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
pub enum ClockEffect {
    /// Nothing changes.
    None,
    /// The clock starts: `receivedAt` and the due date are set.
    Start,
    /// The clock pauses (supplement requested during processing).
    Pause,
    /// The clock resumes; the due date moves by the paused working time.
    Resume,
    /// The clock stops for good (`finishedAt`).
    Stop,
}

/// A document a transition produces (the forms of Circular 03/2025/TT-VPCP, Appendix I).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[cfg_attr(feature = "graphql", graphql(name = "DossierDocumentKind"))]
pub enum DocumentKind {
    /// Form 01: receipt with appointment (giấy tiếp nhận hồ sơ và hẹn trả kết quả).
    #[cfg_attr(feature = "graphql", graphql(name = "FORM01"))]
    Form01,
    /// Form 02: supplement request (phiếu yêu cầu bổ sung, hoàn thiện hồ sơ).
    #[cfg_attr(feature = "graphql", graphql(name = "FORM02"))]
    Form02,
    /// Form 03: refusal (phiếu từ chối tiếp nhận giải quyết hồ sơ).
    #[cfg_attr(feature = "graphql", graphql(name = "FORM03"))]
    Form03,
    /// Form 04: apology and new appointment (văn bản xin lỗi và đề nghị gia hạn).
    #[cfg_attr(feature = "graphql", graphql(name = "FORM04"))]
    Form04,
    /// Form 05: stop notice (thông báo dừng giải quyết hồ sơ).
    #[cfg_attr(feature = "graphql", graphql(name = "FORM05"))]
    Form05,
    /// Form 06: a line of the process-control slip (phiếu kiểm soát quá trình giải quyết).
    #[cfg_attr(feature = "graphql", graphql(name = "FORM06"))]
    Form06,
    /// Form 07: an extract of the tracking register (sổ theo dõi hồ sơ).
    #[cfg_attr(feature = "graphql", graphql(name = "FORM07"))]
    Form07,
    /// The result (kết quả giải quyết) with its verification code.
    Result,
    /// Notice of a fee or tax to pay (thông báo thực hiện nghĩa vụ tài chính).
    PaymentNotice,
    /// Record of the citizen's withdrawal request (đơn đề nghị rút hồ sơ).
    Withdrawal,
}

impl DocumentKind {
    /// Every kind.
    pub const ALL: [DocumentKind; 10] = [
        DocumentKind::Form01,
        DocumentKind::Form02,
        DocumentKind::Form03,
        DocumentKind::Form04,
        DocumentKind::Form05,
        DocumentKind::Form06,
        DocumentKind::Form07,
        DocumentKind::Result,
        DocumentKind::PaymentNotice,
        DocumentKind::Withdrawal,
    ];

    /// Storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Form01 => "FORM01",
            DocumentKind::Form02 => "FORM02",
            DocumentKind::Form03 => "FORM03",
            DocumentKind::Form04 => "FORM04",
            DocumentKind::Form05 => "FORM05",
            DocumentKind::Form06 => "FORM06",
            DocumentKind::Form07 => "FORM07",
            DocumentKind::Result => "RESULT",
            DocumentKind::PaymentNotice => "PAYMENT_NOTICE",
            DocumentKind::Withdrawal => "WITHDRAWAL",
        }
    }

    /// Parses a storage name.
    pub fn parse(s: &str) -> Option<DocumentKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The official title, in capitals as printed.
    pub fn title_vi(self) -> &'static str {
        match self {
            DocumentKind::Form01 => "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            DocumentKind::Form02 => "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            DocumentKind::Form03 => "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
            DocumentKind::Form04 => "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
            DocumentKind::Form05 => "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
            DocumentKind::Form06 => "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
            DocumentKind::Form07 => "SỔ THEO DÕI HỒ SƠ",
            DocumentKind::Result => "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
            DocumentKind::PaymentNotice => "THÔNG BÁO THỰC HIỆN NGHĨA VỤ TÀI CHÍNH",
            DocumentKind::Withdrawal => "BIÊN NHẬN YÊU CẦU RÚT HỒ SƠ",
        }
    }
}

/// Inputs an action needs besides the note.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Needs {
    /// At least one written reason (refusal, supplement list, stop, suspension, apology).
    pub reasons: bool,
    /// The specialist to assign.
    pub assignee: bool,
    /// The new appointment date (apology).
    pub new_date: bool,
    /// The partner agency (liên thông).
    pub partner: bool,
    /// The postal tracking number.
    pub tracking_number: bool,
}

const NOTHING: Needs = Needs {
    reasons: false,
    assignee: false,
    new_date: false,
    partner: false,
    tracking_number: false,
};
const REASONS: Needs = Needs {
    reasons: true,
    ..NOTHING
};
const ASSIGNEE: Needs = Needs {
    assignee: true,
    ..NOTHING
};
const NEW_DATE: Needs = Needs {
    reasons: true,
    new_date: true,
    ..NOTHING
};
const PARTNER: Needs = Needs {
    partner: true,
    ..NOTHING
};
const TRACKING: Needs = Needs {
    tracking_number: true,
    ..NOTHING
};

/// Who may take a transition (the role table).
pub mod roles {
    use super::Actor::{self, *};

    /// The citizen (owner) or the one-stop unit on their behalf.
    pub const CITIZEN_OR_RECEPTION: &[Actor] = &[Citizen, ReceptionOfficer, TenantAdmin];
    /// The one-stop unit.
    pub const RECEPTION: &[Actor] = &[ReceptionOfficer, TenantAdmin];
    /// Any staff member of the unit.
    pub const STAFF: &[Actor] = &[ReceptionOfficer, Specialist, Leader, TenantAdmin];
    /// The handling side: specialist, leader, administrator.
    pub const HANDLING: &[Actor] = &[Specialist, Leader, TenantAdmin];
    /// Who transfers an accepted dossier to a specialist.
    pub const ASSIGNING: &[Actor] = &[ReceptionOfficer, Leader, TenantAdmin];
    /// The unit's head (and the administrator standing in).
    pub const LEADERSHIP: &[Actor] = &[Leader, TenantAdmin];
    /// The signatory only.
    pub const SIGNATORY: &[Actor] = &[Leader];
    /// Who records a payment.
    pub const PAYMENT: &[Actor] = &[ReceptionOfficer, TenantAdmin, System];
    /// Who delivers electronically.
    pub const ELECTRONIC_RETURN: &[Actor] = &[ReceptionOfficer, TenantAdmin, System];
}

/// Facts about the dossier beyond its stage that change an answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// Supplement requests already made during processing (`dossiers.supplement_count`).
    pub supplement_requests: u32,
}

/// A legal move and everything it implies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transition {
    /// Where the dossier is.
    pub from: Stage,
    /// The action.
    pub action: Action,
    /// Where it goes (may equal `from`: reassignment, apology).
    pub to: Stage,
    /// What happens to the processing clock.
    pub clock: ClockEffect,
    /// The dossier gets its end instant (`finished_at`) now.
    pub finishes: bool,
    /// The document produced.
    pub document: Option<DocumentKind>,
    /// Who may take it (the citizen only for their own dossier).
    pub roles: &'static [Actor],
    /// Inputs it needs.
    pub needs: Needs,
    /// A second (or later) supplement request during processing: allowed, but the national
    /// index counts the dossier as late (DOMAIN §4.3).
    pub counts_late: bool,
}

impl Transition {
    /// Whether `actor` may take it.
    pub fn allows(&self, actor: Actor) -> bool {
        self.roles.contains(&actor)
    }

    /// Whether this is a supplement request made during processing (counted on the dossier).
    pub fn is_processing_supplement_request(&self) -> bool {
        self.action == Action::RequestSupplement && self.clock == ClockEffect::Pause
    }
}

/// An action that does not apply in the dossier's current stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{action} is not possible while the dossier is {from} ({label})", label = .from.label_vi())]
pub struct IllegalTransition {
    /// The stage the dossier is in.
    pub from: Stage,
    /// The action asked for.
    pub action: Action,
}

/// The stages from which a dossier that was accepted can still be withdrawn or stopped.
const OPEN_ACCEPTED: [Stage; 8] = [
    Stage::Received,
    Stage::Handling,
    Stage::AwaitingApproval,
    Stage::Approved,
    Stage::Suspended,
    Stage::AtPartnerAgency,
    Stage::SupplementDuringProcessing,
    Stage::AwaitingPayment,
];

/// Decides an action in a stage (the transitions table, DOMAIN §4.3; see the module docs).
pub fn next(from: Stage, action: Action, ctx: &Context) -> Result<Transition, IllegalTransition> {
    use Action as A;
    use ClockEffect as C;
    use DocumentKind as D;
    use Stage as S;
    let open_accepted = OPEN_ACCEPTED.contains(&from);
    let (to, clock, document, who, needs): (
        Stage,
        ClockEffect,
        Option<DocumentKind>,
        &'static [Actor],
        Needs,
    ) = match (from, action) {
        (S::Draft, A::Submit) => (
            S::Submitted,
            C::None,
            None,
            roles::CITIZEN_OR_RECEPTION,
            NOTHING,
        ),
        (S::Submitted, A::Accept) => (
            S::Received,
            C::Start,
            Some(D::Form01),
            roles::RECEPTION,
            NOTHING,
        ),
        (S::Submitted, A::RequestSupplement) => (
            S::SupplementBeforeAcceptance,
            C::None,
            Some(D::Form02),
            roles::RECEPTION,
            REASONS,
        ),
        (S::Handling, A::RequestSupplement) => (
            S::SupplementDuringProcessing,
            C::Pause,
            Some(D::Form02),
            roles::STAFF,
            REASONS,
        ),
        (S::SupplementBeforeAcceptance, A::Supplement) => (
            S::Submitted,
            C::None,
            None,
            roles::CITIZEN_OR_RECEPTION,
            NOTHING,
        ),
        (S::SupplementDuringProcessing, A::Supplement) => (
            S::Handling,
            C::Resume,
            Some(D::Form01),
            roles::CITIZEN_OR_RECEPTION,
            NOTHING,
        ),
        (S::Submitted | S::SupplementBeforeAcceptance, A::Refuse) => (
            S::RefusedAtReception,
            C::None,
            Some(D::Form03),
            roles::RECEPTION,
            REASONS,
        ),
        (S::Received | S::Handling, A::ReturnIneligible) => (
            S::Stopped,
            C::Stop,
            Some(D::Form03),
            roles::HANDLING,
            REASONS,
        ),
        (S::Received, A::Assign) => (
            S::Handling,
            C::None,
            Some(D::Form06),
            roles::ASSIGNING,
            ASSIGNEE,
        ),
        (S::Handling, A::Assign) => (
            S::Handling,
            C::None,
            Some(D::Form06),
            roles::LEADERSHIP,
            ASSIGNEE,
        ),
        (S::Handling, A::SubmitForApproval) => (
            S::AwaitingApproval,
            C::None,
            Some(D::Form06),
            roles::HANDLING,
            NOTHING,
        ),
        (S::AwaitingApproval, A::SendBack) => (
            S::Handling,
            C::None,
            Some(D::Form06),
            roles::SIGNATORY,
            NOTHING,
        ),
        (S::AwaitingApproval, A::Approve) => (
            S::Approved,
            C::None,
            Some(D::Form06),
            roles::SIGNATORY,
            NOTHING,
        ),
        (S::Handling, A::RequestPayment) => (
            S::AwaitingPayment,
            C::None,
            Some(D::PaymentNotice),
            roles::STAFF,
            NOTHING,
        ),
        (S::AwaitingPayment, A::ConfirmPayment) => (
            S::Handling,
            C::None,
            Some(D::Form06),
            roles::PAYMENT,
            NOTHING,
        ),
        (S::Approved, A::Resolve) => (S::Resolved, C::Stop, Some(D::Result), roles::STAFF, NOTHING),
        (S::Resolved, A::ReturnAtCounter) => (
            S::Returned,
            C::None,
            Some(D::Form06),
            roles::RECEPTION,
            NOTHING,
        ),
        (S::Resolved, A::ReturnByPost) => (
            S::Returned,
            C::None,
            Some(D::Form06),
            roles::RECEPTION,
            TRACKING,
        ),
        (S::Resolved, A::ReturnElectronically) => (
            S::Returned,
            C::None,
            Some(D::Form06),
            roles::ELECTRONIC_RETURN,
            NOTHING,
        ),
        (S::Submitted | S::SupplementBeforeAcceptance, A::Withdraw) => (
            S::Withdrawn,
            C::None,
            Some(D::Withdrawal),
            roles::CITIZEN_OR_RECEPTION,
            NOTHING,
        ),
        (_, A::Withdraw) if open_accepted => (
            S::Withdrawn,
            C::Stop,
            Some(D::Withdrawal),
            roles::CITIZEN_OR_RECEPTION,
            NOTHING,
        ),
        (_, A::Stop) if open_accepted => (
            S::Stopped,
            C::Stop,
            Some(D::Form05),
            roles::LEADERSHIP,
            REASONS,
        ),
        (S::Handling | S::AwaitingApproval, A::Suspend) => (
            S::Suspended,
            C::None,
            Some(D::Form06),
            roles::LEADERSHIP,
            REASONS,
        ),
        (S::Suspended, A::Resume) => (
            S::Handling,
            C::None,
            Some(D::Form06),
            roles::LEADERSHIP,
            NOTHING,
        ),
        (S::Handling, A::ForwardToAgency) => (
            S::AtPartnerAgency,
            C::None,
            Some(D::Form06),
            roles::HANDLING,
            PARTNER,
        ),
        (S::AtPartnerAgency, A::BackFromAgency) => {
            (S::Handling, C::None, Some(D::Form06), roles::STAFF, NOTHING)
        }
        (
            S::Received
            | S::Handling
            | S::AwaitingApproval
            | S::Approved
            | S::Suspended
            | S::AtPartnerAgency
            | S::AwaitingPayment,
            A::Apologise,
        ) => (from, C::None, Some(D::Form04), roles::HANDLING, NEW_DATE),
        _ => return Err(IllegalTransition { from, action }),
    };
    let t = Transition {
        from,
        action,
        to,
        clock,
        finishes: !from.is_finished() && to.is_finished(),
        document,
        roles: who,
        needs,
        counts_late: false,
    };
    Ok(Transition {
        counts_late: t.is_processing_supplement_request() && ctx.supplement_requests >= 1,
        ..t
    })
}

/// The actions `actor` may take now, in [`Action::ALL`] order.
pub fn available(from: Stage, actor: Actor, ctx: &Context) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| next(from, *a, ctx).is_ok_and(|t| t.allows(actor)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    use Action as A;
    use ClockEffect as C;
    use DocumentKind as D;
    use Stage as S;

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
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
        for k in DocumentKind::ALL {
            assert_eq!(DocumentKind::parse(k.as_str()), Some(k));
        }
        for s in Step::ALL {
            assert_eq!(Step::parse(s.as_str()), Some(s));
        }
        // Serde names equal the storage names (the web app deserialises them).
        for s in DossierStatus::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for a in Action::ALL {
            assert_eq!(serde_json::to_value(a).unwrap(), a.as_str());
        }
        for k in DocumentKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
    }

    #[test]
    fn every_stage_is_stored_and_read_back_as_itself() {
        for stage in Stage::ALL {
            // Accepted dossiers: everything from Received on, and the during-processing pause.
            for accepted in [false, true] {
                let back = Stage::from_storage(stage.status(), stage.step(), accepted);
                let expect_same = match stage {
                    S::SupplementBeforeAcceptance => !accepted,
                    S::SupplementDuringProcessing => accepted,
                    _ => true,
                };
                assert_eq!(back == stage, expect_same, "{stage:?} accepted={accepted}");
            }
        }
        // Legacy rows (no step) in progress are in handling.
        assert_eq!(
            Stage::from_storage(DossierStatus::InProgress, None, true),
            S::Handling
        );
        // Stages map onto every status.
        let statuses: BTreeSet<_> = Stage::ALL.iter().map(|s| s.status()).collect();
        assert_eq!(statuses.len(), DossierStatus::ALL.len());
    }

    /// Shorthand for the expected table.
    type Row = (
        Stage,
        Action,
        Stage,
        ClockEffect,
        Option<DocumentKind>,
        &'static [Actor],
        Needs,
    );

    /// The transitions table, written out independently of `next` (DOMAIN §4.3 with the
    /// decisions in the module docs). Every pair not listed must be illegal.
    fn table() -> Vec<Row> {
        use roles::*;
        let mut rows: Vec<Row> = vec![
            (
                S::Draft,
                A::Submit,
                S::Submitted,
                C::None,
                None,
                CITIZEN_OR_RECEPTION,
                NOTHING,
            ),
            (
                S::Submitted,
                A::Accept,
                S::Received,
                C::Start,
                Some(D::Form01),
                RECEPTION,
                NOTHING,
            ),
            (
                S::Submitted,
                A::RequestSupplement,
                S::SupplementBeforeAcceptance,
                C::None,
                Some(D::Form02),
                RECEPTION,
                REASONS,
            ),
            (
                S::Submitted,
                A::Refuse,
                S::RefusedAtReception,
                C::None,
                Some(D::Form03),
                RECEPTION,
                REASONS,
            ),
            (
                S::Submitted,
                A::Withdraw,
                S::Withdrawn,
                C::None,
                Some(D::Withdrawal),
                CITIZEN_OR_RECEPTION,
                NOTHING,
            ),
            (
                S::SupplementBeforeAcceptance,
                A::Supplement,
                S::Submitted,
                C::None,
                None,
                CITIZEN_OR_RECEPTION,
                NOTHING,
            ),
            (
                S::SupplementBeforeAcceptance,
                A::Refuse,
                S::RefusedAtReception,
                C::None,
                Some(D::Form03),
                RECEPTION,
                REASONS,
            ),
            (
                S::SupplementBeforeAcceptance,
                A::Withdraw,
                S::Withdrawn,
                C::None,
                Some(D::Withdrawal),
                CITIZEN_OR_RECEPTION,
                NOTHING,
            ),
            (
                S::Received,
                A::Assign,
                S::Handling,
                C::None,
                Some(D::Form06),
                ASSIGNING,
                ASSIGNEE,
            ),
            (
                S::Received,
                A::ReturnIneligible,
                S::Stopped,
                C::Stop,
                Some(D::Form03),
                HANDLING,
                REASONS,
            ),
            (
                S::Handling,
                A::Assign,
                S::Handling,
                C::None,
                Some(D::Form06),
                LEADERSHIP,
                ASSIGNEE,
            ),
            (
                S::Handling,
                A::ReturnIneligible,
                S::Stopped,
                C::Stop,
                Some(D::Form03),
                HANDLING,
                REASONS,
            ),
            (
                S::Handling,
                A::RequestSupplement,
                S::SupplementDuringProcessing,
                C::Pause,
                Some(D::Form02),
                STAFF,
                REASONS,
            ),
            (
                S::Handling,
                A::SubmitForApproval,
                S::AwaitingApproval,
                C::None,
                Some(D::Form06),
                HANDLING,
                NOTHING,
            ),
            (
                S::Handling,
                A::RequestPayment,
                S::AwaitingPayment,
                C::None,
                Some(D::PaymentNotice),
                STAFF,
                NOTHING,
            ),
            (
                S::Handling,
                A::Suspend,
                S::Suspended,
                C::None,
                Some(D::Form06),
                LEADERSHIP,
                REASONS,
            ),
            (
                S::Handling,
                A::ForwardToAgency,
                S::AtPartnerAgency,
                C::None,
                Some(D::Form06),
                HANDLING,
                PARTNER,
            ),
            (
                S::AwaitingApproval,
                A::Approve,
                S::Approved,
                C::None,
                Some(D::Form06),
                SIGNATORY,
                NOTHING,
            ),
            (
                S::AwaitingApproval,
                A::SendBack,
                S::Handling,
                C::None,
                Some(D::Form06),
                SIGNATORY,
                NOTHING,
            ),
            (
                S::AwaitingApproval,
                A::Suspend,
                S::Suspended,
                C::None,
                Some(D::Form06),
                LEADERSHIP,
                REASONS,
            ),
            (
                S::Approved,
                A::Resolve,
                S::Resolved,
                C::Stop,
                Some(D::Result),
                STAFF,
                NOTHING,
            ),
            (
                S::Suspended,
                A::Resume,
                S::Handling,
                C::None,
                Some(D::Form06),
                LEADERSHIP,
                NOTHING,
            ),
            (
                S::AtPartnerAgency,
                A::BackFromAgency,
                S::Handling,
                C::None,
                Some(D::Form06),
                STAFF,
                NOTHING,
            ),
            (
                S::SupplementDuringProcessing,
                A::Supplement,
                S::Handling,
                C::Resume,
                Some(D::Form01),
                CITIZEN_OR_RECEPTION,
                NOTHING,
            ),
            (
                S::AwaitingPayment,
                A::ConfirmPayment,
                S::Handling,
                C::None,
                Some(D::Form06),
                PAYMENT,
                NOTHING,
            ),
            (
                S::Resolved,
                A::ReturnAtCounter,
                S::Returned,
                C::None,
                Some(D::Form06),
                RECEPTION,
                NOTHING,
            ),
            (
                S::Resolved,
                A::ReturnByPost,
                S::Returned,
                C::None,
                Some(D::Form06),
                RECEPTION,
                TRACKING,
            ),
            (
                S::Resolved,
                A::ReturnElectronically,
                S::Returned,
                C::None,
                Some(D::Form06),
                ELECTRONIC_RETURN,
                NOTHING,
            ),
        ];
        for from in OPEN_ACCEPTED {
            rows.push((
                from,
                A::Withdraw,
                S::Withdrawn,
                C::Stop,
                Some(D::Withdrawal),
                CITIZEN_OR_RECEPTION,
                NOTHING,
            ));
            rows.push((
                from,
                A::Stop,
                S::Stopped,
                C::Stop,
                Some(D::Form05),
                LEADERSHIP,
                REASONS,
            ));
            if from != S::SupplementDuringProcessing {
                rows.push((
                    from,
                    A::Apologise,
                    from,
                    C::None,
                    Some(D::Form04),
                    HANDLING,
                    NEW_DATE,
                ));
            }
        }
        rows
    }

    #[test]
    fn every_stage_and_action_pair_has_the_expected_outcome() {
        let table = table();
        let mut legal = 0;
        for from in Stage::ALL {
            for action in Action::ALL {
                let row = table.iter().find(|r| r.0 == from && r.1 == action);
                let got = next(from, action, &Context::default());
                match (row, got) {
                    (Some(&(_, _, to, clock, doc, who, needs)), Ok(t)) => {
                        legal += 1;
                        assert_eq!((t.from, t.action), (from, action));
                        assert_eq!(t.to, to, "{from:?} {action:?}");
                        assert_eq!(t.clock, clock, "{from:?} {action:?}");
                        assert_eq!(t.document, doc, "{from:?} {action:?}");
                        assert_eq!(t.roles, who, "{from:?} {action:?}");
                        assert_eq!(t.needs, needs, "{from:?} {action:?}");
                        assert!(!t.counts_late);
                        assert_eq!(t.finishes, !from.is_finished() && to.is_finished());
                    }
                    (None, Err(e)) => {
                        assert_eq!(e, IllegalTransition { from, action });
                        let msg = e.to_string();
                        assert!(msg.contains(action.as_str()), "{msg}");
                        assert!(msg.contains(from.status().as_str()), "{msg}");
                    }
                    (row, got) => panic!("{from:?} {action:?}: table {row:?}, next {got:?}"),
                }
            }
        }
        assert_eq!(legal, table.len(), "the table lists no pair twice");
    }

    #[test]
    fn terminal_stages_accept_nothing() {
        for from in Stage::ALL.into_iter().filter(|s| s.is_terminal()) {
            for action in Action::ALL {
                assert!(
                    next(from, action, &Context::default()).is_err(),
                    "{from:?} {action:?}"
                );
            }
            for actor in Actor::ALL {
                assert!(available(from, actor, &Context::default()).is_empty());
            }
        }
        assert_eq!(
            Stage::ALL.iter().filter(|s| s.is_terminal()).count(),
            4,
            "refused, withdrawn, stopped, returned"
        );
    }

    #[test]
    fn a_second_supplement_request_during_processing_is_allowed_but_counts_late() {
        let first = next(
            S::Handling,
            A::RequestSupplement,
            &Context {
                supplement_requests: 0,
            },
        )
        .unwrap();
        assert!(!first.counts_late);
        assert_eq!(first.clock, C::Pause);
        let second = next(
            S::Handling,
            A::RequestSupplement,
            &Context {
                supplement_requests: 1,
            },
        )
        .unwrap();
        assert!(second.counts_late);
        assert_eq!(second.to, S::SupplementDuringProcessing);
        // Before acceptance, requests are the reception check and never count.
        let pre = next(
            S::Submitted,
            A::RequestSupplement,
            &Context {
                supplement_requests: 3,
            },
        )
        .unwrap();
        assert!(!pre.counts_late);
        assert!(!pre.is_processing_supplement_request());
    }

    #[test]
    fn who_may_do_what() {
        let ctx = Context::default();
        // A leader approves; a citizen or a specialist never does.
        assert!(A::Approve.may_ever(Actor::Leader));
        for actor in [
            Actor::Citizen,
            Actor::Specialist,
            Actor::ReceptionOfficer,
            Actor::TenantAdmin,
            Actor::System,
        ] {
            assert!(!A::Approve.may_ever(actor), "{actor:?}");
        }
        // The citizen may only withdraw, supplement (and submit a draft).
        let citizen: BTreeSet<&str> = Action::ALL
            .into_iter()
            .filter(|a| a.may_ever(Actor::Citizen))
            .map(Action::as_str)
            .collect();
        assert_eq!(
            citizen,
            BTreeSet::from(["SUBMIT", "SUPPLEMENT", "WITHDRAW"])
        );
        // The system only confirms payments and delivers electronically.
        let system: BTreeSet<&str> = Action::ALL
            .into_iter()
            .filter(|a| a.may_ever(Actor::System))
            .map(Action::as_str)
            .collect();
        assert_eq!(
            system,
            BTreeSet::from(["CONFIRM_PAYMENT", "RETURN_ELECTRONICALLY"])
        );
        assert_eq!(
            available(S::Submitted, Actor::ReceptionOfficer, &ctx),
            vec![A::Accept, A::RequestSupplement, A::Refuse, A::Withdraw]
        );
        assert_eq!(
            available(S::AwaitingApproval, Actor::Leader, &ctx),
            vec![A::SendBack, A::Approve, A::Stop, A::Suspend, A::Apologise]
        );
        assert_eq!(
            available(S::Handling, Actor::Citizen, &ctx),
            vec![A::Withdraw]
        );
        assert_eq!(
            available(S::Resolved, Actor::ReceptionOfficer, &ctx),
            vec![A::ReturnAtCounter, A::ReturnByPost, A::ReturnElectronically]
        );
    }

    #[test]
    fn illegal_transitions_name_the_current_state() {
        let e = next(S::Received, A::Approve, &Context::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "APPROVE is not possible while the dossier is RECEIVED (Được tiếp nhận)"
        );
        let e = next(S::AwaitingApproval, A::Accept, &Context::default()).unwrap_err();
        assert!(
            e.to_string().contains("IN_PROGRESS/AWAITING_APPROVAL"),
            "{e}"
        );
    }

    /// The processing clock as an independent model.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Clock {
        NotStarted,
        Running,
        Paused,
        Stopped,
    }

    /// What the clock must be in a stage, given whether the dossier was ever accepted.
    fn expected_clock(stage: Stage, accepted: bool) -> Clock {
        match stage {
            S::Draft | S::Submitted | S::SupplementBeforeAcceptance | S::RefusedAtReception => {
                Clock::NotStarted
            }
            S::Received
            | S::Handling
            | S::AwaitingApproval
            | S::Approved
            | S::Suspended
            | S::AtPartnerAgency
            | S::AwaitingPayment => Clock::Running,
            S::SupplementDuringProcessing => Clock::Paused,
            S::Withdrawn if !accepted => Clock::NotStarted,
            S::Withdrawn | S::Stopped | S::Resolved | S::Returned => Clock::Stopped,
        }
    }

    fn any_action() -> impl Strategy<Value = Action> {
        proptest::sample::select(Action::ALL.to_vec())
    }

    fn any_actor() -> impl Strategy<Value = Actor> {
        proptest::sample::select(Actor::ALL.to_vec())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Random action sequences by random actors never reach an invalid state: the clock
        /// only moves along NotStarted → Running ⇄ Paused → Stopped, matches the stage, the
        /// stage survives storage, terminal stages stay put, and only a second processing
        /// supplement request is flagged late.
        #[test]
        fn random_action_sequences_never_reach_an_invalid_state(
            start in proptest::sample::select(vec![S::Draft, S::Submitted]),
            steps in proptest::collection::vec(
                (any::<bool>(), any::<proptest::sample::Index>(), any_action(), any_actor()),
                0..60,
            ),
        ) {
            let mut stage = start;
            let mut clock = Clock::NotStarted;
            let mut accepted = false;
            let mut finished = false;
            let mut supplements = 0u32;
            for (pick_legal, index, random_action, random_actor) in steps {
                let ctx = Context { supplement_requests: supplements };
                // Half the steps pick one of the moves someone may make now, so sequences
                // reach the deep stages; the other half try anything.
                let legal: Vec<(Action, Actor)> = Actor::ALL
                    .into_iter()
                    .flat_map(|who| available(stage, who, &ctx).into_iter().map(move |a| (a, who)))
                    .collect();
                let (action, actor) = if pick_legal && !legal.is_empty() {
                    *index.get(&legal)
                } else {
                    (random_action, random_actor)
                };
                let Ok(t) = next(stage, action, &ctx) else {
                    prop_assert!(!available(stage, actor, &ctx).contains(&action));
                    continue;
                };
                if !t.allows(actor) {
                    prop_assert!(!available(stage, actor, &ctx).contains(&action));
                    continue;
                }
                prop_assert!(!stage.is_terminal());
                clock = match (clock, t.clock) {
                    (c, C::None) => c,
                    (Clock::NotStarted, C::Start) => Clock::Running,
                    (Clock::Running, C::Pause) => Clock::Paused,
                    (Clock::Paused, C::Resume) => Clock::Running,
                    (Clock::Running | Clock::Paused, C::Stop) => Clock::Stopped,
                    (c, e) => {
                        prop_assert!(false, "{e:?} with the clock {c:?} ({stage:?} {action:?})");
                        c
                    }
                };
                accepted |= t.clock == C::Start;
                prop_assert_eq!(t.counts_late, t.is_processing_supplement_request() && supplements >= 1);
                if t.is_processing_supplement_request() {
                    supplements += 1;
                }
                prop_assert!(!(finished && t.finishes), "finished twice");
                finished |= t.finishes;
                stage = t.to;
                prop_assert_eq!(clock, expected_clock(stage, accepted), "{:?}", stage);
                prop_assert_eq!(finished, stage.is_finished());
                prop_assert_eq!(Stage::from_storage(stage.status(), stage.step(), accepted), stage);
                prop_assert_eq!(stage.step().is_some(), stage.status() == DossierStatus::InProgress);
                if t.needs.tracking_number {
                    prop_assert_eq!(action, A::ReturnByPost);
                }
            }
        }
    }
}
