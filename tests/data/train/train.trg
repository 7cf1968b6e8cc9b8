runs man
in cat child eats blue bird
blue runs a tree small
red blue near on tree on
a cat the on near tree
house bird
woman woman bird man in
a on man red man the house
big runs with small runs child runs
dog runs ball
dog on near a blue runs
small small green sits
the cat sees with child in
runs on with the
tree the runs
red with
small man green
ball house woman eats
woman bird with bird green
blue a with sits runs
small sees
house sits bird with cat on
a in ball red small man
blue dog bird
blue a blue the
the red
on blue small sees sits
tree on
woman a house
dog with blue small man woman
eats dog cat in child
child in sees ball near man
man runs near ball sits sits ball
near small a in red on
red small in with
sees runs the child blue the woman
sees cat ball
the in woman house eats
eats eats bird
man house sits
in near
child near runs sits bird the child
near the on runs
man red man
big with sees small red
green tree in near sits house
a red big blue eats
man woman near sits
man a woman green a the blue
dog in big sits house dog on
big in child sees green
with sits
big on green child dog sits
dog man bird
dog green
in eats house sits
runs ball near tree small near a
man the house green dog eats woman
small sees on big ball woman
dog eats eats man blue green
woman bird
house on
tree a
woman sits runs
cat the
small woman
blue eats green on man on
on dog ball eats small woman
bird on cat runs
a blue bird sits big
woman woman on near in
in ball blue
blue house sits
a big tree on
sits cat bird on on bird sits
ball bird tree runs near
small sits the on
man house
sits in
on sees tree on sees sees
child woman red house tree
cat in sits a
woman red in near man big runs
cat man with woman cat
in near green
runs child on child house
a man sits a
tree eats ball
woman blue
dog bird eats in tree blue house
cat woman blue runs
sees in
ball a near bird dog tree sees
blue near blue blue woman
child sees big house tree green eats
tree dog sees cat house big
the eats woman child on
green the child child with dog
man woman
big child bird in woman green in
big big
cat dog blue red blue
sits runs tree ball
with small big on tree sees
woman in ball
red ball sits green ball red cat
house eats the small near
in runs in house blue
dog dog woman house
big house
on near
blue a eats the with child
man sits with sits dog child blue
house cat woman the
house with tree big red sits woman
in near blue house
dog ball
woman small in near eats house ball
big bird bird blue house
ball runs
near near
on bird cat
sits man green in small
on big a the
green blue
on small on house sees
runs child sees red blue near
bird in woman cat house big house
ball red sees sees green
small runs dog tree near sits green
eats man ball
near the bird in small tree house
green tree ball
child sits with
woman tree
near in big
sees blue big in ball child tree
house dog ball
in dog big big
man ball child near
runs big dog in small
a eats man house small
red woman with big blue
near blue
bird the red
cat runs
the bird sits on
runs house sees
sees with red on a
bird green house
child woman in sees on with
red small eats bird man woman house
with man green cat ball near
on green near
sits blue house runs
eats house
bird big
man big green
woman runs
eats sees sits with blue
green sees runs on sits woman
child ball cat a small a on
near tree dog in woman
in ball a in eats green
sees tree
in woman on sits
eats with
a near blue tree ball the
green dog woman
red sees tree house eats dog near
cat near red eats man
eats dog man with house runs house
child dog on
eats near dog red big
small cat near in red child
the a green tree man child house
big runs eats
cat cat with bird
near with sits
the in sits ball red with
woman near the with
with child a on sees blue
child blue green blue eats big small
woman cat eats dog
near cat bird child
child runs in on
woman big on the on
sees woman with a dog
green sees ball bird in dog big
green green near
red cat near blue
runs sees red red the with
on ball the on dog the child
ball blue
eats near
small ball blue bird ball red
near cat big
dog ball
on sits runs house house blue the
sees blue tree
