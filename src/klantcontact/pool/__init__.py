"""Several municipalities in one warehouse: `make build-pooled`, docs/multi-municipality.md."""
