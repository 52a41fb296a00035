window.HUBGEN_SEARCH_INDEX({
"docsPerFile":32,
"fields":[1,2,1],
"filterRow":64,
"format":1,
"hubs":4,
"key":"86b1b33191d3becbfd07b278dce6e5c0",
"labels":["Few citations","Unclassified citations","Contested citations","Supportive citations","Neutral citations","Mixed citations"],
"maxCount":20,
"polarities":["supporting","neutral","contrasting"],
"roles":["background","method","comparison","extension","motivation","critique","data","other"],
"width":1,
"filters":[
"4E061216-----0-2"
],"terms":[
["","_"]
]});
