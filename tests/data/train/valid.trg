with sits woman house with
bird dog green
near house small eats sits
big green sees small green eats with
house woman woman
man on house eats small small
eats near
sees sees big a sees sits ball
house near
man a small
tree small woman man bird runs
woman near a on big
man eats eats eats sits blue red
in house
man bird blue runs
blue on sits
big big red small on
big on the tree
with house tree sits
house green green sees near
