import type { Item } from './Item.js';
import { LineBlock } from './LineBlock.js';
import { RecordBlock } from './RecordBlock.js';

/**
 * Whether an item value is a block ({@link LineBlock} or {@link RecordBlock}) standing for several items.
 *
 * @param v - an item value
 * @returns true for a block
 */
export function isBlock(v: unknown): v is LineBlock | RecordBlock {
  return v instanceof LineBlock || v instanceof RecordBlock;
}

/**
 * How many items an item stands for: the lines or records of a block, else one.
 *
 * @param item - an item
 * @returns its weight in items
 */
export function itemCount(item: Item): number {
  const v = item.v;
  if (v instanceof LineBlock) return v.count;
  if (v instanceof RecordBlock) return v.records;
  return 1;
}

/**
 * An item as single items: a block's lines or records, else the item itself.
 *
 * @param item - an item
 * @returns the items it stands for, in order
 */
export function unpack(item: Item): Item[] {
  return isBlock(item.v) ? item.v.items() : [item];
}

/**
 * The items of `source` with every block unpacked: what a node that works item by item reads.
 *
 * @param source - items, some of them blocks
 * @returns single items, in order
 */
export async function* unpacked(source: AsyncIterable<Item>): AsyncGenerator<Item> {
  for await (const item of source) {
    if (isBlock(item.v)) yield* item.v.items();
    else yield item;
  }
}
