window.HUBGEN_TABLE([
["hubs/alpha/index.html", "Alpha Paper on Things", 2019, "Mixed citations", "mixed", 20, "Mixed citation behavior. Most common role is background (45%)."],
["hubs/beta-paper-on-stuff/index.html", "Beta Paper on Stuff", 2021, "Contested citations", "contested", 4, "Contested citation behavior. Most common role is method (60%)."],
["hubs/delta-with-no-citations/index.html", "Delta With No Citations", null, "Few citations", "few", 0, "No citing papers recorded yet."],
["hubs/gamma-a-paper-with-few-citations/index.html", "Gamma, a Paper With Few Citations", 2021, "Few citations", "few", 2, "Too few citations to characterise. Most common role is background (100%; 1 of 2 citing papers has a role)."]
]);
