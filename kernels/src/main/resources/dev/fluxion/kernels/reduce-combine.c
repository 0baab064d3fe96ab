/* $NAME: folds the candidate v (at inner position j; j < 0 means none) into (acc, best). */
DEVICE void $NAME_combine($ACC* acc, IDX* best, const $ACC v, const IDX j) {
  $COMBINE
}
