//! Paying a dossier's fee: the VietQR code to scan, the amount and the transfer message,
//! and a status that updates itself (the page asks every few seconds while the payment is
//! pending and the tab is visible, and stops when the page is left or the money arrived).

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::payments::{self, Payment, PaymentStatus};
use crate::api::{ApiError, ErrorCode};
use crate::components::error_view::{ErrorView, Loading};
use crate::format;
use crate::i18n::use_i18n;

const POLL_EVERY: Duration = Duration::from_secs(4);

#[derive(Clone, Debug, PartialEq)]
enum PayState {
    Loading,
    /// No payment request yet.
    NotStarted,
    Ready(Payment),
    Failed(ApiError),
}

#[component]
pub fn PaymentPanel(code: String, paid: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(PayState::Loading);
    let busy = RwSignal::new(false);
    let simulate_off = RwSignal::new(false);
    let code = StoredValue::new(code);

    let show = move |result: Result<Option<Payment>, ApiError>| {
        let next = match result {
            Ok(Some(p)) => {
                if p.status == PaymentStatus::Paid {
                    paid.try_set(true);
                }
                PayState::Ready(p)
            }
            Ok(None) => PayState::NotStarted,
            Err(e) => PayState::Failed(e),
        };
        state.try_set(next);
        busy.try_set(false);
    };
    let load = move || {
        busy.set(true);
        spawn_local(async move { show(payments::latest(&code.get_value()).await) });
    };
    let create = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move { show(payments::create(&code.get_value()).await.map(Some)) });
    };
    let simulate = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match payments::simulate(&code.get_value()).await {
                Err(ApiError::Server {
                    code: ErrorCode::Forbidden,
                    ..
                }) => {
                    simulate_off.try_set(true);
                    busy.try_set(false);
                }
                other => show(other.map(Some)),
            }
        });
    };
    load();

    // Poll while the request is pending; the handle is cleared when the page is left.
    let poll = move || {
        let pending = state.with_untracked(
            |s| matches!(s, PayState::Ready(p) if p.status == PaymentStatus::Pending),
        );
        if pending && !busy.get_untracked() && !document().hidden() {
            load();
        }
    };
    if let Ok(handle) = set_interval_with_handle(poll, POLL_EVERY) {
        on_cleanup(move || handle.clear());
    }

    view! {
        <section class="card payment" aria-labelledby="pay-heading">
            <h2 id="pay-heading">{move || i18n.a().pay_heading}</h2>
            {move || match state.get() {
                PayState::Loading => view! { <Loading /> }.into_any(),
                PayState::Failed(error) => view! { <ErrorView error on_retry=move || load() /> }.into_any(),
                PayState::NotStarted => {
                    view! {
                        <p>{move || i18n.a().pay_intro}</p>
                        <button type="button" class="primary" on:click=create>
                            {move || i18n.a().pay_start}
                        </button>
                    }
                        .into_any()
                }
                PayState::Ready(payment) => match payment.status {
                    PaymentStatus::Pending => {
                        view! {
                            <PendingPayment payment />
                            <p class="status" role="status">{move || i18n.a().pay_waiting}</p>
                            {move || {
                                if simulate_off.get() {
                                    view! { <p class="hint">{move || i18n.a().pay_simulate_off}</p> }
                                        .into_any()
                                } else {
                                    view! {
                                        <button type="button" class="dev-button" on:click=simulate>
                                            {move || i18n.a().pay_simulate}
                                        </button>
                                    }
                                        .into_any()
                                }
                            }}
                        }
                            .into_any()
                    }
                    PaymentStatus::Paid => {
                        view! { <p class="success" role="status">{move || i18n.a().pay_paid}</p> }
                            .into_any()
                    }
                    PaymentStatus::Expired => {
                        view! {
                            <p>{move || i18n.a().pay_expired}</p>
                            <button type="button" class="primary" on:click=create>
                                {move || i18n.a().pay_new}
                            </button>
                        }
                            .into_any()
                    }
                    PaymentStatus::Cancelled | PaymentStatus::Refunded => {
                        view! { <p>{move || i18n.a().pay_closed}</p> }.into_any()
                    }
                },
            }}
        </section>
    }
}

#[component]
fn PendingPayment(payment: Payment) -> impl IntoView {
    let i18n = use_i18n();
    let Payment {
        reference,
        amount_vnd,
        expires_at,
        qr_svg,
        bank_account,
        account_name,
        ..
    } = payment;
    view! {
        <div class="pay-grid">
            // The SVG is drawn by our server from the payment's own payload.
            {qr_svg.map(|svg| {
                view! {
                    <div class="qr" role="img" aria-label=move || i18n.a().pay_qr_label inner_html=svg></div>
                }
            })}
            <div>
                <dl class="facts">
                    <div>
                        <dt>{move || i18n.a().pay_amount}</dt>
                        <dd class="amount">{format::vnd(amount_vnd)}</dd>
                    </div>
                    <div>
                        <dt>{move || i18n.a().pay_reference}</dt>
                        <dd class="code">{reference}</dd>
                    </div>
                    <div>
                        <dt>{move || i18n.a().pay_account}</dt>
                        <dd>{account_name} " · " <span class="code">{bank_account}</span></dd>
                    </div>
                    <div>
                        <dt>{move || i18n.a().pay_expires}</dt>
                        <dd>{format::date_time(expires_at)}</dd>
                    </div>
                </dl>
                <p class="hint">{move || i18n.a().pay_instructions}</p>
            </div>
        </div>
    }
}
