// Which step of exercise 04's lesson teaches each topic of the message board's specs
// (specs/message-board-specs.ts), apart and free of side effects, so that the manifest check
// (tooling/curriculum.test.ts) reads the steps themselves, not the specs' source.

/** The topics of the board's lesson, and the step of exercise 04's lesson that teaches each. */
export const BOARD_STEPS = { page: 1, post: 2, body: 3, limit: 4, decode: 5, escape: 6, redirect: 7, clear: 8, status: 9 } as const;
export type BoardTopic = keyof typeof BOARD_STEPS;

/** Where a failure about a topic sends the learner. */
export interface BoardLesson {
  step(topic: BoardTopic): number;
  /** A sentence added to every failure about the topic. */
  note?(topic: BoardTopic): string;
}

export const MESSAGE_BOARD_LESSON: BoardLesson = { step: (topic) => BOARD_STEPS[topic] };
