window.HUBGEN_SEARCH_DOCS(0,[
["hubs/alpha/index.html","Alpha Paper on Things","We study things and find that they can be counted. A second paragraph with a link. Things can be counted in linear time. Counting needs no labels."],
["hubs/beta-paper-on-stuff/index.html","Beta Paper on Stuff","Editorial notes about beta. one two"],
["hubs/delta-with-no-citations/index.html","Delta With No Citations",""],
["hubs/gamma-a-paper-with-few-citations/index.html","Gamma, a Paper With Few Citations",""]
]);
