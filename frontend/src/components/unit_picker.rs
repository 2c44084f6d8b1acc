//! The receiving-unit select: communes and wards in force, grouped by province. The choice
//! is remembered on this device, so the next search starts where the last one did.

use leptos::prelude::*;

use crate::api::tenants::{Tenant, TenantLevel};
use crate::browser;
use crate::components::unit_directory::group_by_province;
use crate::i18n::use_i18n;

const STORAGE_KEY: &str = "motcua.unit";

/// The unit remembered on this device, if any.
pub fn remembered_unit() -> Option<String> {
    browser::local_get(STORAGE_KEY).filter(|code| !code.is_empty())
}

/// A province's name (`None`: units of no known province) and its units' `(code, name)`.
type OptionGroup = (Option<String>, Vec<(String, String)>);

/// The option groups of the units that receive dossiers today, by province.
fn receiving_units(tenants: Vec<Tenant>) -> Vec<OptionGroup> {
    let wanted = tenants
        .into_iter()
        .filter(|t| t.level == TenantLevel::Province || t.receives_dossiers())
        .collect();
    group_by_province(wanted)
        .into_iter()
        .map(|group| {
            let units = group
                .units
                .into_iter()
                .flat_map(|node| std::iter::once(node.unit).chain(node.children))
                .filter(Tenant::receives_dossiers)
                .map(|t| (t.code, t.name))
                .collect::<Vec<_>>();
            (group.province.map(|p| p.name), units)
        })
        .filter(|(_, units)| !units.is_empty())
        .collect()
}

/// A labelled select bound to `selected`, offering the units of `units` that receive
/// dossiers.
#[component]
pub fn UnitPicker(
    id: &'static str,
    units: Vec<Tenant>,
    selected: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |ev| {
        let code = event_target_value(&ev);
        browser::local_set(STORAGE_KEY, &code);
        selected.set((!code.is_empty()).then_some(code));
    };
    let current = selected.get_untracked();
    let groups = receiving_units(units)
        .into_iter()
        .map(|(province, options)| {
            let options = options
                .into_iter()
                .map(|(code, name)| {
                    let is_selected = current.as_deref() == Some(code.as_str());
                    view! { <option value=code selected=is_selected>{name}</option> }
                })
                .collect_view();
            let label = province.unwrap_or_else(|| i18n.t_untracked().other_units.to_owned());
            view! { <optgroup label=label>{options}</optgroup> }
        })
        .collect_view();

    view! {
        <label for=id>{move || i18n.t().unit_label}</label>
        <select id=id class="unit-select" on:change=on_change>
            <option value="" selected=current.is_none()>
                {move || i18n.t().unit_choose}
            </option>
            {groups}
        </select>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenant(code: &str, level: TenantLevel, parent: Option<&str>, valid_to: &str) -> Tenant {
        Tenant {
            code: code.into(),
            name: format!("name of {code}"),
            level,
            parent_code: parent.map(Into::into),
            valid_to: Some(valid_to.to_owned()),
        }
    }

    #[test]
    fn only_communes_in_force_are_offered_grouped_by_province() {
        use TenantLevel::*;
        let groups = receiving_units(vec![
            tenant("TN", Province, None, ""),
            tenant("TN.BINHMINH", Commune, Some("TN"), ""),
            tenant("TN.TPTN", District, Some("TN"), "2025-06-30"),
            tenant("TN.TPTN.P1", Commune, Some("TN.TPTN"), "2025-06-30"),
            tenant("LD", Province, None, ""),
        ]);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].0.as_deref(), Some("name of TN"));
        assert_eq!(
            groups[0].1,
            vec![("TN.BINHMINH".to_owned(), "name of TN.BINHMINH".to_owned())]
        );
    }
}
