META
key;value
description;District PB in Bydgoszcz, Jachcice | small projects (a test file in the pabulib style)
country;Poland
unit;Bydgoszcz
district;Jachcice
instance;2025
num_projects;5
num_votes;29
budget;20000
vote_type;choose-1
rule;greedy-no-skip
date_begin;03.11.2025
date_end;30.11.2025
min_length;1
max_length;1
min_project_score_threshold;3
comment;#1: A3 is marked selected=2: the city funded it from outside the regular pool. #2: A5 was withdrawn after the vote (cost 999999999).
currency;PLN
PROJECTS
project_id;cost;votes;name;selected
A5;999999999;9;Wycofany projekt;0
A1;12000;8;IDZIE NOWE!;1
A2;9000;6;Rowerowa wycieczka;0
A3;5000;4;Kino plenerowe;2
A4;3000;2;Warsztaty;0
VOTES
voter_id;vote;age;sex;voting_method
b01;A5;21;F;internet
b02;A5;22;F;internet
b03;A5;23;F;internet
b04;A5;24;F;internet
b05;A5;25;;internet
b06;A5;26;F;internet
b07;A5;27;F;internet
b08;A5;28;F;internet
b09;A5;29;F;internet
b10;A1;30;;internet
b11;A1;31;M;internet
b12;A1;32;M;internet
b13;A1;33;M;internet
b14;A1;34;M;internet
b15;A1;35;;internet
b16;A1;36;M;internet
b17;A1;37;M;internet
b18;A2;38;F;internet
b19;A2;39;F;internet
b20;A2;40;;internet
b21;A2;41;F;internet
b22;A2;42;F;internet
b23;A2;43;F;internet
b24;A3;44;M;internet
b25;A3;45;;internet
b26;A3;46;M;internet
b27;A3;47;M;internet
b28;A4;48;F;internet
b29;A4;49;F;internet
