//! Django REST framework: model serializers bind and output a model's fields, plain
//! serializers' declared fields are reads, destroying viewsets delete, `request.data`.

use crate::lang::ts::NodeExt as _;
use super::{ClassCx, PyFramework};
use crate::lang::python::models::Models;

pub const FRAMEWORK: PyFramework = PyFramework {
    name: "drf",
    class: Some(serializer),
    binding_bases: &[
        ("ModelSerializer", true),
        ("HyperlinkedModelSerializer", true),
    ],
    deleting_bases: &[
        "ModelViewSet",
        "DestroyModelMixin",
        "DestroyAPIView",
        "RetrieveUpdateDestroyAPIView",
        "RetrieveDestroyAPIView",
    ],
    payloads: &["request.data"],
    ..PyFramework::NONE
};

/// Serializer fields are output: each declared field reads the model's field (`source=`
/// names it when it differs). A serializer stores nothing.
fn serializer<'a>(m: &mut Models<'a>, c: &ClassCx<'a, '_>) -> bool {
    let is_serializer = c.has_base(&[
        "ModelSerializer",
        "HyperlinkedModelSerializer",
        "Serializer",
    ]) || c.bases.iter().any(|b| b.starts_with("serializers."));
    if !is_serializer {
        return false;
    }
    for a in &c.stmts {
        if let Some(l) = a
            .field("left")
            .filter(|l| l.kind_name() == "identifier")
        {
            m.reads.insert(c.t(l));
        }
    }
    true
}
