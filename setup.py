"""Where partygraph's four folders go when installed: under one name,
`partygraph.ontology`, `partygraph.loaders`, `partygraph.graph` and
`partygraph.api` (the metadata is in pyproject.toml).

Package data by rule, so that no folder can be forgotten: every folder
under the four is a package (a namespace package when it holds only
data), and every file in it that is not Python source or bytecode ships
with it. tests/test_packaging.py builds the wheel and checks it against
`git ls-files`."""
from setuptools import find_namespace_packages, setup

LAYERS = ("ontology", "loaders", "graph", "api")
SKIP = ["__pycache__", "*.__pycache__"]

packages, package_dir = [], {}
for layer in LAYERS:
    package_dir[f"partygraph.{layer}"] = layer
    found = find_namespace_packages(where=layer, exclude=SKIP)
    packages += [f"partygraph.{layer}"] + [f"partygraph.{layer}.{p}" for p in found]

setup(
    packages=packages,
    package_dir=package_dir,
    package_data={"": ["*"]},
    exclude_package_data={"": ["*.py[co]"]},
)
