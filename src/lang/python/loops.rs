//! Deletions through a loop over a literal list: Django's "shred" pattern,
//! `for qs, _ in [(Feedback.objects.filter(…), False), …]: qs.delete()`, deletes every model
//! the list names.

use crate::lang::ts::NodeExt as _;
use tree_sitter::Node;

use super::models::Models;
use crate::facts::{DeletionKind, Span};
use crate::lang::ts::named_children;

impl<'a> Models<'a> {
    /// `name = [ … ]` or `( … )`: kept for a later `for` over `name`.
    pub(super) fn bind_list(&mut self, n: Node<'a>) {
        if let (Some(l), Some(r)) = (n.field("left"), n.field("right")) {
            if l.kind_name() == "identifier" && matches!(r.kind_name(), "list" | "tuple") {
                self.list_literals.insert(self.t(l), r);
            }
        }
    }

    /// `for x in LIST` / `for x, y in LIST` / `for obj in x` (x itself a loop variable).
    pub(super) fn for_loop(&mut self, n: Node<'a>) {
        let (Some(left), Some(right)) = (n.field("left"), n.field("right")) else {
            return;
        };
        let var = match left.kind_name() {
            "identifier" => Some(left),
            "pattern_list" | "tuple_pattern" => left.named_child(0),
            _ => None,
        }
        .filter(|v| v.kind_name() == "identifier")
        .map(|v| self.t(v));
        let Some(var) = var else {
            return;
        };
        let targets = match right.kind_name() {
            "list" | "tuple" => self.element_targets(right),
            "identifier" => {
                let name = self.t(right);
                if let Some(list) = self.list_literals.get(name).copied() {
                    self.element_targets(list)
                } else {
                    // `for obj in entry`, `entry` a queryset from the outer loop.
                    self.loop_targets.get(name).cloned().unwrap_or_default()
                }
            }
            _ => Vec::new(),
        };
        if targets.is_empty() {
            self.loop_targets.remove(var);
        } else {
            self.loop_targets.insert(var, targets);
        }
    }

    fn element_targets(&self, list: Node<'a>) -> Vec<crate::facts::Target> {
        named_children(list)
            .map(|e| match e.kind_name() {
                "tuple" | "parenthesized_expression" => e.named_child(0).unwrap_or(e),
                _ => e,
            })
            .filter(|e| matches!(e.kind_name(), "call" | "attribute"))
            .filter_map(|e| self.chain_target(e))
            .collect()
    }

    /// `.delete()` on a loop variable over such a list: a deletion of each element's model.
    pub(super) fn loop_deletion(&mut self, recv: Node<'a>, method: &str, at: Span) -> bool {
        if recv.kind_name() != "identifier" {
            return false;
        }
        let Some(targets) = self.loop_targets.get(self.t(recv)).cloned() else {
            return false;
        };
        for t in targets {
            self.push_deletion(
                t,
                DeletionKind::Delete,
                at,
                format!("`.{method}()` of each queryset in a list"),
            );
        }
        true
    }
}
