//! A file's models while the rest of the repository is analysed: encoded in one block, so
//! that the dozens of small allocations of its lists and strings do not stay scattered among
//! the pages that parse trees used and freed (on four copies of the bench corpus that
//! scattering, not the models themselves, was most of the peak memory). Opened once every
//! file is done, for the repository rules.

use crate::facts::ModelFacts;

pub(super) enum Models {
    /// postcard bytes; empty for empty models.
    Packed(Box<[u8]>),
    Open(Box<ModelFacts>),
}

impl Models {
    pub(super) fn pack(m: ModelFacts) -> Models {
        if m.is_empty() {
            return Models::Packed(Box::default());
        }
        Models::Packed(
            postcard::to_stdvec(&m)
                .expect("serialisable")
                .into_boxed_slice(),
        )
    }

    /// Models decoded from the cache: no parse tree came and went, so nothing to gain from
    /// encoding them again.
    pub(super) fn unpacked(m: ModelFacts) -> Models {
        Models::Open(Box::new(m))
    }

    pub(super) fn is_empty(&self) -> bool {
        match self {
            Models::Packed(b) => b.is_empty(),
            Models::Open(m) => m.is_empty(),
        }
    }

    /// The models, decoded in place if they were packed.
    pub(super) fn open(&mut self) -> &ModelFacts {
        if let Models::Packed(b) = self {
            *self = Models::Open(Box::new(unpack(b)));
        }
        match self {
            Models::Open(m) => m,
            Models::Packed(_) => unreachable!("opened above"),
        }
    }

    /// The models, if [`Models::open`] decoded them.
    pub(super) fn opened(&self) -> Option<&ModelFacts> {
        match self {
            Models::Open(m) => Some(m),
            Models::Packed(_) => None,
        }
    }

    pub(super) fn into_inner(self) -> ModelFacts {
        match self {
            Models::Open(m) => *m,
            Models::Packed(b) => unpack(&b),
        }
    }
}

fn unpack(b: &[u8]) -> ModelFacts {
    if b.is_empty() {
        ModelFacts::default()
    } else {
        postcard::from_bytes(b).expect("packed by this process")
    }
}
