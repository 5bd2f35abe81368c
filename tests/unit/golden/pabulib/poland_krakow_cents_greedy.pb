META
key;value
description;District PB in Kraków, Dzielnica I (a test file in the pabulib style)
country;Poland
unit;Kraków
district;Dzielnica I Stare Miasto
instance;2023
num_projects;4
num_votes;7
budget;2000000,50
vote_type;approval
rule;greedy
date_begin;12.06.2023
date_end;26.06.2023
currency;PLN
PROJECTS
project_id;cost;votes;name;selected
11;1200000,25;6;Zielone podwórka;1
12;800000.26;5;Oświetlenie Plant;0
13;500000;4;Ławki i kosze;1
14;300000,5;3;Warsztaty dla seniorów;0
VOTES
voter_id;vote
k1;11,12,13,14
k2;11,12,13,14
k3;11,12,13,14
k4;11,12,13
k5;11,12
k6;11
k7;
