"""The community screens, one module per strand (hub, expertise, parents) and money.
urls.py names every route; common.py holds the helpers they share."""
