//! Tiếng Việt — the default language.

use shared::TimeLimitUnit;

use super::{AccountMessages, ErrorMessages, FieldMessages, FileMessages, Messages};
use crate::api::dossiers::DossierStatus;

pub const MESSAGES: Messages = Messages {
    language_name: "Tiếng Việt",
    site_title: "motcua — Dịch vụ công một cửa",
    brand: "motcua",
    skip_to_content: "Bỏ qua, đến nội dung chính",
    loading: "Đang tải…",
    required_mark: "(bắt buộc)",
    not_yet: "Chưa có",

    nav_label: "Điều hướng chính",
    nav_track: "Tra cứu hồ sơ",
    nav_my_dossiers: "Hồ sơ của tôi",
    nav_sign_in: "Đăng nhập",
    sign_out: "Đăng xuất",

    home_intro: "Tra cứu thủ tục hành chính và nộp hồ sơ trực tuyến tại bộ phận \
                 một cửa của tỉnh, huyện, xã.",
    unit_label: "Đơn vị tiếp nhận (phường, xã)",
    unit_choose: "— Chọn phường, xã —",
    search_label: "Tìm thủ tục hành chính",
    search_hint: "Gõ có dấu hoặc không dấu, ví dụ: khai sinh",
    search_button: "Tìm kiếm",
    search_results_heading: "Kết quả tìm kiếm",
    search_count,
    search_empty: "Không tìm thấy thủ tục phù hợp. Hãy thử từ khóa khác.",
    popular_heading: "Thủ tục thường dùng",
    popular_empty: "Đơn vị này chưa công bố thủ tục nào.",
    choose_unit_first: "Chọn phường, xã để xem các thủ tục được tiếp nhận.",
    units_heading: "Đơn vị hành chính",
    units_empty: "Chưa có đơn vị nào.",
    units_count,
    other_units: "Đơn vị khác",

    online_full: "Trực tuyến toàn trình",
    online_partial: "Trực tuyến một phần",
    online_none: "Nộp trực tiếp hoặc qua bưu chính",
    procedure_not_found: "Không tìm thấy thủ tục này. Thủ tục có thể đã bị bãi bỏ.",
    procedure_code: "Mã thủ tục",
    procedure_field: "Lĩnh vực",
    online_level: "Mức độ trực tuyến",
    time_limit_label: "Thời hạn giải quyết",
    time_limit,
    fee_label: "Phí, lệ phí",
    result_label: "Kết quả",
    legal_basis: "Căn cứ pháp lý",
    documents_heading: "Thành phần hồ sơ",
    doc_optional: "(nếu có)",
    doc_replaceable: "Không cần tải lên nếu thông tin đã có trong cơ sở dữ liệu quốc gia.",
    copy_kind,
    copies,
    submit_heading: "Nộp hồ sơ",
    submit_online: "Nộp trực tuyến",
    not_online: "Thủ tục này chỉ nhận hồ sơ trực tiếp tại bộ phận một cửa hoặc qua bưu chính.",
    procedure_qr: "Mã QR mở trang thủ tục này",
    sign_in_needed: "Bạn cần đăng nhập để tiếp tục.",
    signed_in_as: "Đã đăng nhập:",
    secret_label: "Mã bí mật tra cứu",

    track_title: "Tra cứu hồ sơ",
    track_intro: "Nhập mã hồ sơ và mã bí mật in trên giấy biên nhận, hoặc quét mã QR trên \
                  giấy biên nhận.",
    code_label: "Mã hồ sơ",
    code_hint: "Ví dụ: TN.BINHMINH-260105-0007",
    track_button: "Tra cứu",
    track_fill_both: "Nhập cả mã hồ sơ và mã bí mật.",
    track_not_found: "Không tìm thấy hồ sơ với mã hồ sơ và mã bí mật này. Vui lòng kiểm tra \
                      lại giấy biên nhận.",
    status_label: "Tình trạng",
    status,
    procedure_label: "Thủ tục",
    receiving_unit: "Đơn vị tiếp nhận",
    submitted_at: "Ngày nộp",
    received_at: "Ngày tiếp nhận",
    due_at: "Ngày hẹn trả kết quả",
    finished_at: "Ngày hoàn thành",
    fee_free: "Không thu",
    paid_online: "Đã thanh toán trực tuyến",
    expected_heading: "Việc bạn cần làm",
    nothing_expected: "Hiện bạn không cần làm gì thêm.",
    timeline_heading: "Quá trình xử lý",

    footer_text: "motcua — phần mềm tự do (AGPL-3.0) cho bộ phận tiếp nhận và trả \
                  kết quả một cửa.",
    not_found_title: "Không tìm thấy trang",
    not_found_body: "Địa chỉ này không có trên hệ thống.",
    back_home: "Về trang chủ",
    error_title: "Đã xảy ra lỗi",
    retry: "Thử lại",
    errors: ErrorMessages {
        unauthenticated: "Bạn cần đăng nhập để tiếp tục.",
        forbidden: "Bạn không có quyền thực hiện thao tác này.",
        not_found: "Không tìm thấy dữ liệu yêu cầu.",
        bad_user_input: "Thông tin nhập chưa hợp lệ. Vui lòng kiểm tra lại.",
        conflict: "Dữ liệu đã thay đổi hoặc đã tồn tại. Vui lòng tải lại rồi thử lại.",
        rate_limited: "Bạn thao tác quá nhiều lần. Vui lòng đợi một lát rồi thử lại.",
        query_too_complex: "Yêu cầu quá lớn. Vui lòng thu hẹp phạm vi tìm kiếm.",
        internal: "Hệ thống đang gặp sự cố. Vui lòng thử lại sau.",
        network: "Không kết nối được máy chủ. Vui lòng kiểm tra mạng rồi thử lại.",
    },
};

pub const ACCOUNT: AccountMessages = AccountMessages {
    sign_in_title: "Đăng nhập",
    register_title: "Đăng ký tài khoản",
    identifier_label: "Email hoặc số điện thoại",
    password_label: "Mật khẩu",
    password_hint: "Từ 8 ký tự, có cả chữ và số.",
    full_name_label: "Họ và tên (như trên căn cước)",
    email_label: "Email",
    phone_label: "Số điện thoại di động",
    contact_hint: "Nhập email hoặc số điện thoại (hoặc cả hai).",
    sign_in_button: "Đăng nhập",
    register_button: "Đăng ký",
    working: "Đang xử lý…",
    no_account: "Chưa có tài khoản? Đăng ký",
    have_account: "Đã có tài khoản? Đăng nhập",
    sign_in_failed: "Email, số điện thoại hoặc mật khẩu không đúng.",
    bad_identifier: "Nhập email hoặc số điện thoại di động hợp lệ.",
    bad_password: "Mật khẩu cần từ 8 đến 128 ký tự, có cả chữ và số.",
    bad_name: "Nhập họ và tên (tối đa 100 ký tự).",
    contact_required: "Nhập email hoặc số điện thoại.",

    wizard_title: "Nộp hồ sơ trực tuyến",
    step_applicant: "Người nộp hồ sơ",
    step_form: "Thông tin tờ khai",
    step_documents: "Giấy tờ đính kèm",
    step_review: "Kiểm tra và nộp",
    step_of,
    steps_label: "Các bước nộp hồ sơ",
    next: "Tiếp tục",
    back: "Quay lại",
    edit: "Sửa",
    submit_button: "Nộp hồ sơ",
    uploading,
    fix_errors: "Vui lòng sửa các mục sau:",
    applicant_intro: "Người đứng tên hồ sơ. Ô để trống sẽ lấy theo thông tin tài khoản.",
    applicant_full_name: "Họ và tên người nộp",
    applicant_personal_id: "Số định danh cá nhân (12 số)",
    applicant_phone: "Số điện thoại",
    applicant_email: "Email",
    applicant_address: "Địa chỉ liên hệ",
    form_intro: "Điền các thông tin của tờ khai.",
    form_none: "Thủ tục này không có tờ khai trực tuyến. Bấm Tiếp tục.",
    select_placeholder: "— Chọn —",
    documents_intro: "Tải lên bản chụp hoặc bản quét: PDF, JPEG hoặc PNG, tối đa 10 MB mỗi \
                      tệp và 50 MB cho cả hồ sơ.",
    file_remove: "Bỏ tệp",
    review_intro: "Kiểm tra lại thông tin trước khi nộp.",
    review_empty: "(để trống)",
    review_no_file: "Không đính kèm",
    submit_retry_note: "Bấm Thử lại: hồ sơ sẽ không bị nộp trùng.",
    done_title: "Đã nộp hồ sơ",
    done_intro: "Hồ sơ của bạn đã được gửi tới bộ phận một cửa.",
    secret_once: "Mã bí mật chỉ hiển thị một lần này. Hãy ghi lại hoặc in giấy biên nhận \
                  ngay: cần cả mã hồ sơ và mã bí mật để tra cứu.",
    done_receipt: "In giấy biên nhận",
    done_track: "Tra cứu tiến độ",
    done_my: "Xem trong Hồ sơ của tôi",
    done_fee: "Hồ sơ có lệ phí. Bạn có thể thanh toán trong Hồ sơ của tôi.",
    applicant_label: "Người nộp",
    my_title: "Hồ sơ của tôi",
    my_empty: "Bạn chưa nộp hồ sơ nào.",
    dossier_title: "Hồ sơ",
    dossier_not_found: "Không tìm thấy hồ sơ này trong tài khoản của bạn.",
    back_to_my: "Về Hồ sơ của tôi",

    pay_heading: "Thanh toán lệ phí",
    pay_intro: "Thanh toán bằng chuyển khoản qua mã VietQR.",
    pay_start: "Lấy mã thanh toán VietQR",
    pay_amount: "Số tiền",
    pay_reference: "Nội dung chuyển khoản",
    pay_account: "Tài khoản nhận",
    pay_expires: "Hạn thanh toán",
    pay_qr_label: "Mã VietQR để chuyển khoản",
    pay_instructions: "Mở ứng dụng ngân hàng, quét mã QR và giữ nguyên số tiền và nội dung \
                       chuyển khoản.",
    pay_waiting: "Đang chờ ngân hàng xác nhận… Trang tự cập nhật.",
    pay_paid: "Đã thanh toán. Cảm ơn bạn!",
    pay_expired: "Mã thanh toán đã hết hạn.",
    pay_new: "Lấy mã thanh toán mới",
    pay_closed: "Yêu cầu thanh toán đã đóng. Vui lòng liên hệ bộ phận một cửa.",
    pay_simulate: "Thanh toán thử (dev)",
    pay_simulate_off: "Máy chủ này không bật thanh toán thử.",
    fields: FieldMessages {
        required: "Vui lòng nhập thông tin này.",
        too_long,
        pattern: "Giá trị chưa đúng định dạng.",
        not_an_option: "Vui lòng chọn một giá trị trong danh sách.",
        bad_date: "Ngày chưa hợp lệ.",
        bad_number: "Nhập một số, ví dụ 12 hoặc 3.5.",
        bad_email: "Email chưa hợp lệ.",
        bad_phone: "Số di động gồm 0 hoặc +84 và 9 chữ số.",
        bad_personal_id: "Số định danh cá nhân gồm đúng 12 chữ số.",
        bad_checkbox: "Giá trị không hợp lệ.",
        unknown_field: "Tờ khai không có mục này.",
    },
    files: FileMessages {
        missing: "Vui lòng đính kèm giấy tờ này.",
        too_big: "Tệp lớn hơn 10 MB. Hãy chụp hoặc quét với độ phân giải thấp hơn.",
        total_too_big: "Tổng dung lượng các tệp vượt 50 MB.",
        unsupported: "Chỉ nhận tệp PDF, JPEG hoặc PNG.",
        mismatch: "Nội dung tệp không khớp với đuôi tệp. Hãy lưu lại đúng định dạng.",
        empty: "Tệp rỗng.",
    },
};

fn units_count(n: usize) -> String {
    format!("{n} đơn vị trực thuộc")
}

fn search_count(n: u32) -> String {
    format!("Tìm thấy {n} thủ tục")
}

fn time_limit(unit: TimeLimitUnit, n: u32) -> String {
    match unit {
        TimeLimitUnit::SameDay => "Trong ngày làm việc".into(),
        TimeLimitUnit::WorkingHours => format!("{n} giờ làm việc"),
        TimeLimitUnit::WorkingDays => format!("{n} ngày làm việc"),
        TimeLimitUnit::CalendarDays => format!("{n} ngày"),
    }
}

fn copy_kind(kind: &str) -> &'static str {
    match kind {
        "ORIGINAL" => "Bản chính",
        "COPY" => "Bản sao",
        _ => "Bản chính hoặc bản sao",
    }
}

fn copies(n: u32) -> String {
    format!("{n} bản")
}

fn step_of(step: usize, total: usize) -> String {
    format!("Bước {step}/{total}")
}

fn uploading(percent: u32) -> String {
    format!("Đang gửi hồ sơ: {percent}%")
}

fn too_long(max: u32) -> String {
    format!("Tối đa {max} ký tự.")
}

fn status(status: DossierStatus) -> &'static str {
    match status {
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
