//! The list of administrative units, grouped under their provinces, with
//! loading, empty and error states.

use leptos::prelude::*;

use crate::api::tenants::{Tenant, TenantLevel};
use crate::i18n::use_i18n;

/// A province and the units under it. `province` is `None` for the units
/// whose chain of parents does not reach a province we know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProvinceGroup {
    pub province: Option<Tenant>,
    pub units: Vec<UnitNode>,
}

impl ProvinceGroup {
    fn unit_count(&self) -> usize {
        self.units.iter().map(|node| 1 + node.children.len()).sum()
    }
}

/// A unit directly under the province (a district, or a commune of a
/// province without districts) and every unit below it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitNode {
    pub unit: Tenant,
    pub children: Vec<Tenant>,
}

/// Parent chains longer than this are treated as broken (a cycle in bad
/// data must not hang the page). Real chains have at most three levels.
const MAX_DEPTH: usize = 8;

/// Where a unit goes: its province (if its chain of parents reaches one) and the
/// ancestor right below that province (itself when it is a direct child).
fn placement(tenants: &[Tenant], unit: &Tenant) -> (Option<String>, String) {
    let find = |code: &str| tenants.iter().find(|t| t.code == code);
    let mut top = unit;
    for _ in 0..MAX_DEPTH {
        match top.parent_code.as_deref().and_then(find) {
            Some(parent) if parent.level == TenantLevel::Province => {
                return (Some(parent.code.clone()), top.code.clone());
            }
            Some(parent) => top = parent,
            None => return (None, top.code.clone()),
        }
    }
    // A cycle: list the unit on its own rather than lose it.
    (None, unit.code.clone())
}

/// Groups tenants by province: each province's direct children become
/// nodes, and anything deeper is listed under the node it descends from.
/// Order is kept as given (the API orders by code); the group of units with
/// no province comes last. Written with plain scans: a few dozen units do not
/// need maps, and the web bundle is smaller without them.
pub fn group_by_province(tenants: Vec<Tenant>) -> Vec<ProvinceGroup> {
    let mut groups: Vec<ProvinceGroup> = tenants
        .iter()
        .filter(|t| t.level == TenantLevel::Province)
        .map(|p| ProvinceGroup {
            province: Some(p.clone()),
            units: Vec::new(),
        })
        .collect();
    let mut others = ProvinceGroup {
        province: None,
        units: Vec::new(),
    };
    let placed: Vec<(&Tenant, Option<String>, String)> = tenants
        .iter()
        .filter(|t| t.level != TenantLevel::Province)
        .map(|t| {
            let (province, top) = placement(&tenants, t);
            (t, province, top)
        })
        .collect();

    // Tops first, so every child finds its node already in place.
    for pass_tops in [true, false] {
        for (tenant, province, top) in &placed {
            if (*top == tenant.code) != pass_tops {
                continue;
            }
            let group = groups
                .iter_mut()
                .find(|g| g.province.as_ref().map(|p| &p.code) == province.as_ref())
                .filter(|_| province.is_some())
                .unwrap_or(&mut others);
            if pass_tops {
                group.units.push(UnitNode {
                    unit: (*tenant).clone(),
                    children: Vec::new(),
                });
            } else if let Some(node) = group.units.iter_mut().find(|n| n.unit.code == *top) {
                node.children.push((*tenant).clone());
            }
        }
    }

    if !others.units.is_empty() {
        groups.push(others);
    }
    groups
}

/// Every unit, grouped under its province.
#[component]
pub fn UnitDirectory(units: Vec<Tenant>) -> impl IntoView {
    view! { <UnitGroups groups=group_by_province(units) /> }
}

#[component]
fn UnitGroups(groups: Vec<ProvinceGroup>) -> impl IntoView {
    let i18n = use_i18n();
    if groups.is_empty() {
        return view! { <p class="status">{move || i18n.t().units_empty}</p> }.into_any();
    }
    view! {
        <div class="province-grid">
            {groups
                .into_iter()
                .map(|group| view! { <ProvinceCard group /> })
                .collect_view()}
        </div>
    }
    .into_any()
}

#[component]
fn ProvinceCard(group: ProvinceGroup) -> impl IntoView {
    let i18n = use_i18n();
    let count = group.unit_count();
    let heading_id = format!(
        "units-of-{}",
        group.province.as_ref().map_or("other", |p| p.code.as_str())
    );
    let labelled_by = heading_id.clone();
    let (title, code) = match group.province {
        Some(p) => (Some(p.name), Some(p.code)),
        None => (None, None),
    };

    view! {
        <section class="province" aria-labelledby=labelled_by>
            <h3 id=heading_id>
                {match title {
                    Some(name) => name.into_any(),
                    None => (move || i18n.t().other_units).into_any(),
                }}
            </h3>
            <p class="unit-count">
                {code.map(|code| view! { <span class="unit-code">{code}</span> " · " })}
                {move || (i18n.t().units_count)(count)}
            </p>
            {(!group.units.is_empty())
                .then(|| {
                    view! {
                        <ul class="unit-list">
                            {group
                                .units
                                .into_iter()
                                .map(|node| view! { <UnitItem node /> })
                                .collect_view()}
                        </ul>
                    }
                })}
        </section>
    }
}

#[component]
fn UnitItem(node: UnitNode) -> impl IntoView {
    view! {
        <li>
            <span class="unit-name">{node.unit.name}</span>
            <span class="unit-code">{node.unit.code}</span>
            {(!node.children.is_empty())
                .then(|| {
                    view! {
                        <ul class="unit-list nested">
                            {node
                                .children
                                .into_iter()
                                .map(|unit| {
                                    view! {
                                        <li>
                                            <span class="unit-name">{unit.name}</span>
                                            <span class="unit-code">{unit.code}</span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenant(code: &str, level: TenantLevel, parent: Option<&str>) -> Tenant {
        Tenant {
            code: code.into(),
            name: format!("name of {code}"),
            level,
            parent_code: parent.map(Into::into),
            valid_to: None,
        }
    }

    fn codes(group: &ProvinceGroup) -> Vec<(String, Vec<String>)> {
        group
            .units
            .iter()
            .map(|n| {
                let children = n.children.iter().map(|c| c.code.clone()).collect();
                (n.unit.code.clone(), children)
            })
            .collect()
    }

    #[test]
    fn communes_sit_under_their_district_and_districts_under_their_province() {
        use TenantLevel::*;
        // In code order, as the API answers.
        let groups = group_by_province(vec![
            tenant("HN", Province, None),
            tenant("LD", Province, None),
            tenant("LD.DL", District, Some("LD")),
            tenant("LD.DL.P1", Commune, Some("LD.DL")),
            tenant("LD.LAMHA", Commune, Some("LD")),
        ]);
        assert_eq!(groups.len(), 2);
        assert_eq!(
            groups[0].province.as_ref().map(|p| p.code.as_str()),
            Some("HN")
        );
        assert!(groups[0].units.is_empty());
        assert_eq!(
            codes(&groups[1]),
            vec![
                ("LD.DL".into(), vec!["LD.DL.P1".into()]),
                ("LD.LAMHA".into(), vec![]),
            ]
        );
        assert_eq!(groups[1].unit_count(), 3);
    }

    #[test]
    fn units_without_a_known_province_are_grouped_last() {
        use TenantLevel::*;
        let groups = group_by_province(vec![
            tenant("LD", Province, None),
            tenant("X", District, Some("GONE")),
            tenant("X.1", Commune, Some("X")),
        ]);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[1].province, None);
        assert_eq!(codes(&groups[1]), vec![("X".into(), vec!["X.1".into()])]);
    }

    #[test]
    fn a_cycle_in_parents_does_not_hang_and_keeps_every_unit() {
        use TenantLevel::*;
        let groups = group_by_province(vec![
            tenant("A", District, Some("B")),
            tenant("B", District, Some("A")),
        ]);
        let total: usize = groups.iter().map(ProvinceGroup::unit_count).sum();
        assert_eq!(total, 2);
        assert!(groups.iter().all(|g| g.province.is_none()));
    }

    #[test]
    fn a_unit_listed_before_its_parent_still_lands_under_it() {
        use TenantLevel::*;
        let groups = group_by_province(vec![
            tenant("LD", Province, None),
            tenant("LD.A.1", Commune, Some("LD.A")),
            tenant("LD.A", District, Some("LD")),
        ]);
        assert_eq!(
            codes(&groups[0]),
            vec![("LD.A".into(), vec!["LD.A.1".into()])]
        );
    }

    #[test]
    fn no_tenants_make_no_groups() {
        assert!(group_by_province(Vec::new()).is_empty());
    }
}
