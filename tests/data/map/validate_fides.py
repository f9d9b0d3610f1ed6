"""Validates a privlint fides manifest with fideslang: the models accept it, and every data
category, data use and data subject it names is in fideslang's default taxonomy."""
import sys

import yaml
from fideslang.default_taxonomy import DEFAULT_TAXONOMY
from fideslang.models import Taxonomy

doc = yaml.safe_load(open(sys.argv[1]))
taxonomy = Taxonomy.model_validate(doc)
categories = {c.fides_key for c in DEFAULT_TAXONOMY.data_category}
uses = {u.fides_key for u in DEFAULT_TAXONOMY.data_use}
subjects = {s.fides_key for s in DEFAULT_TAXONOMY.data_subject}
problems = []
assert taxonomy.dataset and taxonomy.system, "a dataset and a system"
for d in taxonomy.dataset:
    for c in d.collections:
        for f in c.fields:
            for k in f.data_categories or []:
                if k not in categories:
                    problems.append(f"{c.name}.{f.name}: unknown data category {k}")
for s in taxonomy.system:
    for p in s.privacy_declarations:
        problems += [f"{p.name}: unknown data category {k}" for k in p.data_categories if k not in categories]
        if p.data_use not in uses:
            problems.append(f"{p.name}: unknown data use {p.data_use}")
        problems += [f"{p.name}: unknown data subject {k}" for k in p.data_subjects if k not in subjects]
if problems:
    sys.exit("\n".join(problems))
print(f"valid: {len(taxonomy.dataset[0].collections)} collections, {len(taxonomy.system[0].privacy_declarations)} declarations")
