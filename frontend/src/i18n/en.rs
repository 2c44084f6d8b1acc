//! English.

use shared::TimeLimitUnit;

use super::{AccountMessages, ErrorMessages, FieldMessages, FileMessages, Messages};
use crate::api::dossiers::DossierStatus;

pub const MESSAGES: Messages = Messages {
    language_name: "English",
    site_title: "motcua — One-stop public services",
    brand: "motcua",
    skip_to_content: "Skip to main content",
    loading: "Loading…",
    required_mark: "(required)",
    not_yet: "Not yet",

    nav_label: "Main navigation",
    nav_track: "Track a dossier",
    nav_my_dossiers: "My dossiers",
    nav_sign_in: "Sign in",
    sign_out: "Sign out",

    home_intro: "Look up administrative procedures and submit dossiers online to the \
                 one-stop office of your province, district or commune.",
    unit_label: "Receiving unit (ward or commune)",
    unit_choose: "— Choose a ward or commune —",
    search_label: "Search administrative procedures",
    search_hint: "With or without Vietnamese accents, for example: khai sinh",
    search_button: "Search",
    search_results_heading: "Search results",
    search_count,
    search_empty: "No procedure matches. Try other words.",
    popular_heading: "Common procedures",
    popular_empty: "This unit has not published any procedure yet.",
    choose_unit_first: "Choose a ward or commune to see the procedures it receives.",
    units_heading: "Administrative units",
    units_empty: "No units yet.",
    units_count,
    other_units: "Other units",

    online_full: "Fully online",
    online_partial: "Partly online",
    online_none: "At the counter or by post",
    procedure_not_found: "This procedure was not found. It may have been repealed.",
    procedure_code: "Procedure code",
    procedure_field: "Field",
    online_level: "Online level",
    time_limit_label: "Processing time",
    time_limit,
    fee_label: "Fees and charges",
    result_label: "Result",
    legal_basis: "Legal basis",
    documents_heading: "Documents to submit",
    doc_optional: "(if any)",
    doc_replaceable: "No upload needed when the national database already holds it.",
    copy_kind,
    copies,
    submit_heading: "Submit a dossier",
    submit_online: "Submit online",
    not_online: "This procedure is only received at the one-stop counter or by post.",
    procedure_qr: "QR code that opens this procedure's page",
    sign_in_needed: "Please sign in to continue.",
    signed_in_as: "Signed in:",
    secret_label: "Tracking secret",

    track_title: "Track a dossier",
    track_intro: "Enter the dossier code and the secret printed on your receipt, or scan \
                  the receipt's QR code.",
    code_label: "Dossier code",
    code_hint: "For example: TN.BINHMINH-260105-0007",
    track_button: "Track",
    track_fill_both: "Enter both the dossier code and the secret.",
    track_not_found: "No dossier matches this code and secret. Please check your receipt.",
    status_label: "Status",
    status,
    procedure_label: "Procedure",
    receiving_unit: "Receiving unit",
    submitted_at: "Submitted",
    received_at: "Accepted",
    due_at: "Result due",
    finished_at: "Finished",
    fee_free: "None",
    paid_online: "Paid online",
    expected_heading: "What you need to do",
    nothing_expected: "Nothing is needed from you right now.",
    timeline_heading: "Progress",

    footer_text: "motcua — free software (AGPL-3.0) for one-stop reception and \
                  result offices.",
    not_found_title: "Page not found",
    not_found_body: "There is no page at this address.",
    back_home: "Back to the home page",
    error_title: "Something went wrong",
    retry: "Try again",
    errors: ErrorMessages {
        unauthenticated: "Please sign in to continue.",
        forbidden: "You are not allowed to do this.",
        not_found: "What you asked for was not found.",
        bad_user_input: "Some of what you entered is not valid. Please check it.",
        conflict: "This has changed or already exists. Please reload and try again.",
        rate_limited: "Too many attempts. Please wait a moment and try again.",
        query_too_complex: "The request is too large. Please narrow it down.",
        internal: "The system has a problem. Please try again later.",
        network: "Could not reach the server. Please check your connection and try again.",
    },
};

pub const ACCOUNT: AccountMessages = AccountMessages {
    sign_in_title: "Sign in",
    register_title: "Create an account",
    identifier_label: "Email or phone number",
    password_label: "Password",
    password_hint: "At least 8 characters, with letters and digits.",
    full_name_label: "Full name (as on your ID card)",
    email_label: "Email",
    phone_label: "Mobile phone number",
    contact_hint: "Enter an email address or a phone number (or both).",
    sign_in_button: "Sign in",
    register_button: "Create account",
    working: "Working…",
    no_account: "No account yet? Create one",
    have_account: "Already have an account? Sign in",
    sign_in_failed: "The email, phone number or password is wrong.",
    bad_identifier: "Enter a valid email address or mobile number.",
    bad_password: "A password has 8 to 128 characters, with letters and digits.",
    bad_name: "Enter your full name (at most 100 characters).",
    contact_required: "Enter an email address or a phone number.",

    wizard_title: "Submit a dossier online",
    step_applicant: "Applicant",
    step_form: "Declaration",
    step_documents: "Documents",
    step_review: "Review and submit",
    step_of,
    steps_label: "Submission steps",
    next: "Continue",
    back: "Back",
    edit: "Edit",
    submit_button: "Submit dossier",
    uploading,
    fix_errors: "Please correct the following:",
    applicant_intro: "The person the dossier is for. Empty boxes take your account's details.",
    applicant_full_name: "Applicant's full name",
    applicant_personal_id: "Personal identification number (12 digits)",
    applicant_phone: "Phone number",
    applicant_email: "Email",
    applicant_address: "Contact address",
    form_intro: "Fill in the declaration.",
    form_none: "This procedure has no online declaration. Press Continue.",
    select_placeholder: "— Choose —",
    documents_intro: "Upload a photo or scan: PDF, JPEG or PNG, at most 10 MB per file and \
                      50 MB for the whole dossier.",
    file_remove: "Remove file",
    review_intro: "Check everything before you submit.",
    review_empty: "(empty)",
    review_no_file: "Not attached",
    submit_retry_note: "Press Try again: the dossier will not be submitted twice.",
    done_title: "Dossier submitted",
    done_intro: "Your dossier has been sent to the one-stop office.",
    secret_once: "The tracking secret is shown only this once. Write it down or print the \
                  receipt now: tracking needs both the code and the secret.",
    done_receipt: "Print the receipt",
    done_track: "Track progress",
    done_my: "See it in My dossiers",
    done_fee: "This dossier has a fee. You can pay it from My dossiers.",
    applicant_label: "Applicant",
    my_title: "My dossiers",
    my_empty: "You have not submitted any dossier yet.",
    dossier_title: "Dossier",
    dossier_not_found: "This dossier is not in your account.",
    back_to_my: "Back to My dossiers",

    pay_heading: "Pay the fee",
    pay_intro: "Pay by bank transfer with the VietQR code.",
    pay_start: "Get a VietQR payment code",
    pay_amount: "Amount",
    pay_reference: "Transfer message",
    pay_account: "Beneficiary account",
    pay_expires: "Pay before",
    pay_qr_label: "VietQR code for the transfer",
    pay_instructions: "Open your banking app, scan the QR code and keep the amount and the \
                       transfer message unchanged.",
    pay_waiting: "Waiting for the bank's confirmation… This page updates itself.",
    pay_paid: "Paid. Thank you!",
    pay_expired: "The payment code has expired.",
    pay_new: "Get a new payment code",
    pay_closed: "The payment request is closed. Please contact the one-stop office.",
    pay_simulate: "Simulate payment (dev)",
    pay_simulate_off: "Simulated payments are turned off on this server.",
    fields: FieldMessages {
        required: "Please fill this in.",
        too_long,
        pattern: "The value does not have the expected format.",
        not_an_option: "Please choose one of the listed values.",
        bad_date: "This is not a valid date.",
        bad_number: "Enter a number such as 12 or 3.5.",
        bad_email: "This is not a valid email address.",
        bad_phone: "A mobile number is 0 or +84 followed by 9 digits.",
        bad_personal_id: "A personal identification number has exactly 12 digits.",
        bad_checkbox: "This value is not valid.",
        unknown_field: "The declaration has no such field.",
    },
    files: FileMessages {
        missing: "Please attach this document.",
        too_big: "The file is larger than 10 MB. Take the photo or scan at a lower resolution.",
        total_too_big: "The files add up to more than 50 MB.",
        unsupported: "Only PDF, JPEG and PNG files are accepted.",
        mismatch: "The file's content does not match its extension. Save it in the right format.",
        empty: "The file is empty.",
    },
};

fn units_count(n: usize) -> String {
    match n {
        1 => "1 unit".to_owned(),
        n => format!("{n} units"),
    }
}

fn search_count(n: u32) -> String {
    match n {
        1 => "1 procedure found".to_owned(),
        n => format!("{n} procedures found"),
    }
}

fn time_limit(unit: TimeLimitUnit, n: u32) -> String {
    let plural = if n == 1 { "" } else { "s" };
    match unit {
        TimeLimitUnit::SameDay => "Within the working day".into(),
        TimeLimitUnit::WorkingHours => format!("{n} working hour{plural}"),
        TimeLimitUnit::WorkingDays => format!("{n} working day{plural}"),
        TimeLimitUnit::CalendarDays => format!("{n} day{plural}"),
    }
}

fn copy_kind(kind: &str) -> &'static str {
    match kind {
        "ORIGINAL" => "Original",
        "COPY" => "Copy",
        _ => "Original or copy",
    }
}

fn copies(n: u32) -> String {
    match n {
        1 => "1 copy".to_owned(),
        n => format!("{n} copies"),
    }
}

fn step_of(step: usize, total: usize) -> String {
    format!("Step {step} of {total}")
}

fn uploading(percent: u32) -> String {
    format!("Sending the dossier: {percent}%")
}

fn too_long(max: u32) -> String {
    format!("At most {max} characters.")
}

fn status(status: DossierStatus) -> &'static str {
    match status {
        DossierStatus::Draft => "Draft",
        DossierStatus::Submitted => "Newly submitted",
        DossierStatus::Received => "Accepted",
        DossierStatus::RefusedAtReception => "Not accepted",
        DossierStatus::InProgress => "In progress",
        DossierStatus::SupplementRequested => "Documents requested",
        DossierStatus::AwaitingPayment => "Awaiting payment",
        DossierStatus::Withdrawn => "Withdrawn at the citizen's request",
        DossierStatus::Stopped => "Handling stopped",
        DossierStatus::Resolved => "Result ready",
        DossierStatus::Returned => "Result delivered",
    }
}
