META
key;value
description;Local PB in Warszawa, Praga-Południe | Gocław (a test file in the pabulib style)
country;Poland
unit;Warszawa
district;Praga-Południe
subunit;Gocław
instance;2026
num_projects;5
num_votes;8
budget;500000
vote_type;approval
rule;greedy
date_begin;01.06.2025
date_end;30.06.2025
min_length;1
max_length;3
language;pl
currency;PLN
PROJECTS
project_id;cost;votes;name;category;latitude;longitude;selected
101;120000;5;"Odkupmy" i my;zieleń;52.2312;21.0864;1
102;250000;3;Park "Zielony" przy Meissnera;sport,zieleń;52.2290;21.0911;0
103;90000;1;"Rowery; miejskie";transport;None;None;0
104;300000;4;"Biblioteka ""Pod Lipą""";kultura;52.2275;21.0840;1
105;40000;2;Ławki nad Wisłą;zieleń;52.2301;21.0799;1
VOTES
voter_id;vote;age;sex
1;101,104,102;34;F
2;101,103,101;61;M
3;101,104;None;F
4;101,104,105;27;
5;101,102;45;M
6;104,102,105;52;F
7;;19;O
8;None;70;M
