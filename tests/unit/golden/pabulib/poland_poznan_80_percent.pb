META
key;value
description;District PB in Poznań, Jeżyce (a test file in the pabulib style)
country;Poland
unit;Poznań
district;Jeżyce
instance;2024
num_projects;4
num_votes;5
budget;1000000
vote_type;approval
rule;greedy-custom
date_begin;2024
date_end;2024
comment;#1: Poznań's rule: a project that does not fit is funded when 80% of its cost is left (selected=2); then the count stops.
PROJECTS
project_id;cost;votes;name;selected
P1;400000;5;Skwer na Rynku Jeżyckim;1
P2;350000;4;Rowerowe Jeżyce;1
P3;310000;3;Zielone przystanki;2
P4;100000;2;Ławki;0
VOTES
voter_id;vote
1;P1,P2,P3,P4
2;P1,P2,P3,P4
3;P1,P2,P3
4;P1,P2
5;P1
