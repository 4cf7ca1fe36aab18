"""One module per AWS service. Each registers its collectors with ``@collector``;
``seawall.inventory.run`` imports every module here, so a new module needs no list."""
