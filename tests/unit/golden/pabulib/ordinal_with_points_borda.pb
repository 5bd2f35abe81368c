META
key;value
description;Ranked PB (a test file in the pabulib style)
country;Poland
unit;Przykład
instance;2024
num_projects;4
num_votes;5
budget;100
vote_type;ordinal
rule;greedy
date_begin;2024
date_end;2024
PROJECTS
project_id;cost;name;selected
1;60;Boisko;1
2;50;Plac zabaw;0
3;30;Ławki;1
4;10;Kwietniki;1
VOTES
voter_id;vote;points
1;1,2,3;3,2,1
2;2,1,2;3,2,1
3;1,3;3,2
4;3,4,1;3,2,1
5;4;None
