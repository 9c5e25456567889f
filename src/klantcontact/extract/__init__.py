"""`klantcontact extract`: the pages of KISS, Open Klant 2 and Open Zaak, as their APIs
return them, into the raw folder the build reads (docs/extract.md).

command.py runs it; window.py works out the period, http.py talks to the systems (retries,
errors), tokens.py makes their JWTs, pages.py writes pages and manifests atomically, and
kiss.py, openklant.py and openzaak.py know what to request from each system.
"""
