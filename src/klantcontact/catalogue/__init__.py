"""The KPI catalogue's seeds (kpis, vng_kpis, klantketens, kpi_tree, kpi_norms,
kpi_parameters): read them, check them against their rules (check.py) and render them
as docs/kpi-catalogue.md (render.py); `klantcontact catalogue` runs both."""
