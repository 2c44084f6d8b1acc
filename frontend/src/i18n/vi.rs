//! Tiếng Việt — the default language.

use super::{ErrorMessages, Messages};

pub const MESSAGES: Messages = Messages {
    language_name: "Tiếng Việt",
    site_title: "motcua — Dịch vụ công một cửa",
    brand: "motcua",
    skip_to_content: "Bỏ qua, đến nội dung chính",
    home_intro: "Tra cứu thủ tục hành chính và nộp hồ sơ trực tuyến tại bộ phận \
                 một cửa của tỉnh, huyện, xã.",
    search_label: "Tìm thủ tục hành chính",
    search_hint: "Ví dụ: Đăng ký khai sinh",
    search_button: "Tìm kiếm",
    search_unavailable: "Chức năng tra cứu thủ tục đang được hoàn thiện.",
    units_heading: "Đơn vị hành chính",
    units_loading: "Đang tải danh sách đơn vị…",
    units_empty: "Chưa có đơn vị nào.",
    units_count,
    other_units: "Đơn vị khác",
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

fn units_count(n: usize) -> String {
    format!("{n} đơn vị trực thuộc")
}
