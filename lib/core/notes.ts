/** Notes as Gloss keeps them: shared by the library and by sync, which both keep both texts of a conflict. */

/** Put between the two texts of a note written in two places at once, both of which are kept. */
export const NOTE_CONFLICT_SEPARATOR = '\n\n──── both kept: this note was also changed in another window at the same time ────\n\n';
