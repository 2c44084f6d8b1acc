//! Every data load of the app goes through [`load`]: a `LocalResource` shown with the
//! loading, error (with retry) and loaded states, as `Transition` + `ErrorBoundary` +
//! `Suspend` (leptos `examples/fetch`).
//!
//! The resource is type-erased on purpose. Leptos compiles the resource, transition,
//! boundary and suspense machinery once per future type; erased, it exists once in the
//! bundle instead of once per page, which keeps the first load within its size budget.
//! Only the small `fetch` and `render` adapters are generic.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::error_view::{Loading, boundary_fallback};

type Data = Rc<dyn Any>;
type Fetch = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<Data, ApiError>>>>>;
type Render = Rc<dyn Fn(&dyn Any) -> AnyView>;

/// Loads with `fetch` and shows the result with `render`. Signals read by `fetch` before
/// its future starts are tracked: when they change, the data is loaded again (the old
/// view stays until the new data is there).
pub fn load<T, Fut, V>(
    fetch: impl Fn() -> Fut + 'static,
    render: impl Fn(&T) -> V + 'static,
) -> AnyView
where
    T: 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
    V: IntoView + 'static,
{
    view! { <Load fetch=erase_fetch(fetch) render=erase_render(render) /> }.into_any()
}

// Two adapters rather than one closure in `load`, so each is compiled per fetch or per
// render function, not per pair: pages that load the same thing share one copy.

fn erase_fetch<T: 'static, Fut: Future<Output = Result<T, ApiError>> + 'static>(
    fetch: impl Fn() -> Fut + 'static,
) -> Fetch {
    Rc::new(move || {
        let future = fetch();
        Box::pin(async move { future.await.map(|data| Rc::new(data) as Data) })
    })
}

fn erase_render<T: 'static, V: IntoView + 'static>(render: impl Fn(&T) -> V + 'static) -> Render {
    Rc::new(move |data: &dyn Any| match data.downcast_ref::<T>() {
        Some(data) => render(data).into_any(),
        None => ().into_any(),
    })
}

#[component]
fn Load(fetch: Fetch, render: Render) -> impl IntoView {
    let resource = LocalResource::new(move || fetch());
    let render = StoredValue::new_local(render);
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=boundary_fallback(move || resource.refetch())>
                {move || Suspend::new(async move {
                    resource.await.map(|data| render.with_value(|render| render(&*data)))
                })}
            </ErrorBoundary>
        </Transition>
    }
}
