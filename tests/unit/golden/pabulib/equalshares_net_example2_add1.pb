META
key;value
description;equalshares.net, Example 2 (a test file in the pabulib style)
country;Worldwide
unit;Example
instance;2
num_projects;5
num_votes;11
budget;1100
vote_type;approval
rule;equalshares/add1
date_begin;2023
date_end;2023
PROJECTS
project_id;cost;votes;name;selected
bike;700;6;Bike path;0
gym;400;7;Outdoor gym;1
park;250;5;New park;1
playground;200;4;New playground;1
library;100;3;Library for kids;1
VOTES
voter_id;vote
1;bike,gym
2;bike,gym,park
3;bike,gym
4;bike,gym,park
5;bike,gym,park
6;bike,gym
7;park,playground,library
8;playground
9;playground,library
10;park,playground,library
11;gym
