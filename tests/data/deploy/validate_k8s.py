"""Validates Kubernetes manifests with the `kubernetes` package's models (kubectl's
--dry-run=client is not available here): every document becomes its typed model (required
fields present, types right), and serialising it back gives the document again, so no key is
unknown (a misspelt key would be dropped)."""
import sys

import yaml
from kubernetes.client import ApiClient

def diff(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in a:
            if k not in b:
                out.append(f"{path}.{k}")
            else:
                out += diff(a[k], b[k], f"{path}.{k}")
        return out
    if isinstance(a, list) and isinstance(b, list):
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out += diff(x, y, f"{path}[{i}]")
        return out
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


KINDS = {("batch/v1", "Job"): "V1Job", ("v1", "ConfigMap"): "V1ConfigMap"}
client = ApiClient()
problems = []
count = 0
for path in sys.argv[1:]:
    for doc in yaml.safe_load_all(open(path)):
        if doc is None:
            continue
        count += 1
        model = KINDS.get((doc.get("apiVersion"), doc.get("kind")))
        if model is None:
            problems.append(f"{path}: no model for {doc.get('apiVersion')} {doc.get('kind')}")
            continue
        try:
            obj = client._ApiClient__deserialize(doc, model)
        except (ValueError, TypeError) as e:
            problems.append(f"{path}: {doc['metadata']['name']}: {e}")
            continue
        back = client.sanitize_for_serialization(obj)
        if back != doc:
            problems.append(f"{path}: {doc['metadata']['name']}: unknown keys or wrong types: {diff(doc, back)}")
if problems or count == 0:
    sys.exit("\n".join(problems) or "no manifests")
print(f"valid: {count} Kubernetes objects")
