//! The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez and Satta
//! 2011) with the root at the end of the buffer, and its dynamic oracle
//! (Goldberg and Nivre 2013): what each action costs in gold arcs lost.
//!
//! Words are 0-based; the root is word `n`. `SHIFT` moves the buffer's front
//! onto the stack, `LEFT` makes the front the head of the stack's top and
//! pops it, `RIGHT` makes the second item of the stack the head of the top
//! and pops it. The root takes a dependent only when it is all the buffer
//! holds and the stack holds one word, so every parse has one root.

/// Moves the buffer's front onto the stack.
pub const SHIFT: usize = 0;
/// The buffer's front becomes the head of the stack's top.
pub const LEFT: usize = 1;
/// The stack's second item becomes the head of its top.
pub const RIGHT: usize = 2;
/// The actions.
pub const ACTIONS: usize = 3;

/// What is known of a word's dependents so far.
#[derive(Clone, Copy, Default)]
pub struct Children {
    /// Leftmost and second leftmost left dependents, `NONE` if none.
    pub left: [usize; 2],
    /// Rightmost and second rightmost right dependents.
    pub right: [usize; 2],
    /// How many on each side.
    pub counts: [u8; 2],
    /// The labels on each side, as bits of `1 << label` (labels past 63
    /// share bit 63).
    pub labels: [u64; 2],
}

/// No word: a position the configuration does not fill.
pub const NONE: usize = usize::MAX;

/// A parser configuration.
#[derive(Clone)]
pub struct State {
    /// Words in the sentence (the root is `n`).
    pub n: usize,
    /// The stack, top last.
    pub stack: Vec<usize>,
    /// The buffer's front (`n`: only the root is left).
    pub front: usize,
    /// Each word's head once attached (`n` for the root), else `NONE`.
    pub heads: Vec<usize>,
    /// Each word's label once attached.
    pub labels: Vec<u8>,
    /// Dependents known so far, the root's last.
    pub children: Vec<Children>,
}

impl State {
    /// The start: an empty stack, every word in the buffer.
    pub fn new(n: usize) -> Self {
        let none = Children {
            left: [NONE; 2],
            right: [NONE; 2],
            ..Children::default()
        };
        State {
            n,
            stack: Vec::with_capacity(n),
            front: 0,
            heads: vec![NONE; n],
            labels: vec![0; n],
            children: vec![none; n + 1],
        }
    }

    /// Is the parse complete?
    pub fn done(&self) -> bool {
        self.front == self.n && self.stack.is_empty()
    }

    /// May `action` be taken now?
    pub fn valid(&self, action: usize) -> bool {
        let depth = self.stack.len();
        match action {
            SHIFT => self.front < self.n,
            LEFT => depth >= 1 && (self.front < self.n || depth == 1),
            _ => depth >= 2,
        }
    }

    /// The `k`-th item from the stack's top (0: the top), or `NONE`.
    pub fn stack_at(&self, k: usize) -> usize {
        self.stack
            .len()
            .checked_sub(k + 1)
            .map_or(NONE, |i| self.stack[i])
    }

    /// The `k`-th word of the buffer (0: the front; the root counts), or `NONE`.
    pub fn buffer_at(&self, k: usize) -> usize {
        let i = self.front + k;
        if i <= self.n {
            i
        } else {
            NONE
        }
    }

    /// The arc the action would add: (head, dependent).
    pub fn arc(&self, action: usize) -> Option<(usize, usize)> {
        match action {
            LEFT => Some((self.front, self.stack_at(0))),
            RIGHT => Some((self.stack_at(1), self.stack_at(0))),
            _ => None,
        }
    }

    /// Takes `action` (valid), labelling its arc `label`.
    pub fn apply(&mut self, action: usize, label: u8) {
        if let Some((head, dep)) = self.arc(action) {
            self.stack.pop();
            self.heads[dep] = head;
            self.labels[dep] = label;
            let c = &mut self.children[head];
            let side = usize::from(dep > head);
            c.counts[side] = c.counts[side].saturating_add(1);
            c.labels[side] |= 1u64 << label.min(63);
            let outer = if side == 0 { &mut c.left } else { &mut c.right };
            let further = |a: usize, b: usize| if side == 0 { a < b } else { a > b };
            if outer[0] == NONE || further(dep, outer[0]) {
                outer[1] = outer[0];
                outer[0] = dep;
            } else if outer[1] == NONE || further(dep, outer[1]) {
                outer[1] = dep;
            }
        } else {
            self.stack.push(self.front);
            self.front += 1;
        }
    }

    /// Gold arcs lost by taking `action` now, `gold[d]` being word `d`'s head
    /// (`n` for the root).
    pub fn cost(&self, action: usize, gold: &[usize]) -> usize {
        let in_buffer = |w: usize| w >= self.front && w <= self.n;
        match action {
            SHIFT => {
                let b = self.front;
                let s0 = self.stack_at(0);
                let deps = self.stack.iter().filter(|&&d| gold[d] == b).count();
                let head_lost = self.stack.iter().any(|&h| h != s0 && gold[b] == h);
                deps + usize::from(head_lost)
            }
            _ => {
                let s0 = self.stack_at(0);
                let deps = (self.front..self.n).filter(|&d| gold[d] == s0).count();
                let h = gold[s0];
                let head_lost = if action == LEFT {
                    h != self.front && (h == self.stack_at(1) || (in_buffer(h) && h > self.front))
                } else {
                    in_buffer(h)
                };
                deps + usize::from(head_lost)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Follows the cheapest valid action (SHIFT on ties last).
    fn oracle_parse(gold: &[usize]) -> Vec<usize> {
        let mut s = State::new(gold.len());
        while !s.done() {
            let a = [LEFT, RIGHT, SHIFT]
                .into_iter()
                .filter(|&a| s.valid(a))
                .min_by_key(|&a| s.cost(a, gold))
                .unwrap();
            s.apply(a, 0);
        }
        s.heads
    }

    #[test]
    fn the_oracle_rebuilds_projective_trees() {
        // "Acme officials met the minister in Paris ." heads (root = 8).
        let gold = [1, 2, 8, 4, 2, 6, 2, 2];
        assert_eq!(oracle_parse(&gold), gold);
        let chain = [1, 2, 3, 4, 5];
        assert_eq!(oracle_parse(&chain), chain);
        let flat = [2, 2, 4, 2];
        assert_eq!(oracle_parse(&flat), flat);
    }

    #[test]
    fn every_action_sequence_ends_in_one_rooted_tree() {
        for seed in 0..50u64 {
            let n = 1 + (seed % 9) as usize;
            let mut s = State::new(n);
            let mut x = seed;
            while !s.done() {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let valid: Vec<usize> = (0..ACTIONS).filter(|&a| s.valid(a)).collect();
                s.apply(valid[(x >> 33) as usize % valid.len()], 0);
            }
            assert_eq!(s.heads.iter().filter(|&&h| h == n).count(), 1);
            assert!(s.heads.iter().all(|&h| h != NONE));
        }
    }
}
