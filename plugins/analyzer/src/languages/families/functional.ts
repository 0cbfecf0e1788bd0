// Functional, Lisp-family, scientific and legacy languages.
import { C_BLOCK, C_LINE, DQ, DQ_ML, SQ, TRIPLE_DQ_RAW, type LanguageSpec } from '../languageSpec.ts'

const LISP = { lineComments: [';'], blockComments: [['#|', '|#']] as Array<[string, string]>, nestedComments: true }
const ML_BLOCK: Array<[string, string]> = [['(*', '*)']]

export const FUNCTIONAL: LanguageSpec[] = [
  {
    name: 'Haskell', type: 'programming', extensions: ['.hs', '.lhs', '.hs-boot', '.hsc'],
    interpreters: ['runhaskell', 'runghc'], lineComments: ['--'], blockComments: [['{-', '-}']], nestedComments: true,
    strings: [DQ], charLiterals: true,
  },
  {
    name: 'PureScript', type: 'programming', extensions: ['.purs'], lineComments: ['--'],
    blockComments: [['{-', '-}']], nestedComments: true, strings: [TRIPLE_DQ_RAW, DQ], charLiterals: true,
  },
  {
    name: 'Elm', type: 'programming', extensions: ['.elm'], lineComments: ['--'], blockComments: [['{-', '-}']],
    nestedComments: true, strings: [TRIPLE_DQ_RAW, DQ], charLiterals: true,
  },
  {
    name: 'OCaml', type: 'programming', extensions: ['.ml', '.mli', '.mll', '.mly', '.eliom'],
    interpreters: ['ocaml', 'ocamlrun'], blockComments: ML_BLOCK, nestedComments: true, strings: [DQ_ML],
    charLiterals: true,
  },
  {
    name: 'F#', type: 'programming', extensions: ['.fs', '.fsi', '.fsx', '.fsscript'], interpreters: ['fsharpi'],
    lineComments: C_LINE, blockComments: ML_BLOCK, nestedComments: true, strings: [TRIPLE_DQ_RAW, DQ_ML],
    charLiterals: true,
  },
  {
    name: 'Standard ML', type: 'programming', extensions: ['.sml', '.sig', '.fun'], blockComments: ML_BLOCK,
    nestedComments: true, strings: [DQ_ML],
  },
  {
    name: 'Coq', type: 'programming', extensions: ['.v'], blockComments: ML_BLOCK, nestedComments: true,
    strings: [{ open: '"', close: '"', multiline: true }],
  },
  {
    name: 'Clojure', type: 'programming', extensions: ['.clj', '.cljs', '.cljc', '.edn', '.cljx'],
    interpreters: ['clojure', 'clj', 'bb'], lineComments: [';'], strings: [DQ_ML],
  },
  { name: 'Common Lisp', type: 'programming', extensions: ['.lisp', '.lsp', '.asd'], interpreters: ['sbcl', 'clisp', 'ecl'], ...LISP, strings: [DQ_ML] },
  {
    name: 'Scheme', type: 'programming', extensions: ['.scm', '.ss', '.sld', '.rkt', '.rktl'],
    interpreters: ['guile', 'racket', 'chicken', 'csi'], ...LISP, strings: [DQ_ML],
  },
  {
    name: 'Emacs Lisp', type: 'programming', extensions: ['.el'], filenames: ['.emacs', '_emacs'], lineComments: [';'],
    strings: [DQ_ML],
  },
  {
    // MATLAB/Octave. %{ ... %} block comments nest; ' is also the transpose operator (a single-line string here).
    name: 'MATLAB', type: 'programming', extensions: ['.m', '.mlx'], interpreters: ['octave'],
    lineComments: ['%'], blockComments: [['%{', '%}']], nestedComments: true, strings: [DQ, { open: "'", close: "'" }],
  },
  {
    name: 'Prolog', type: 'programming', extensions: ['.pl', '.prolog'], interpreters: ['swipl'],
    lineComments: ['%'], blockComments: C_BLOCK, strings: [DQ, SQ],
  },
  {
    // Free-form Fortran (90 and later): ! comments.
    name: 'Fortran', type: 'programming', extensions: ['.f90', '.f95', '.f03', '.f08', '.f18'], lineComments: ['!'],
    strings: [DQ, { open: "'", close: "'" }],
  },
  {
    // Fixed-form Fortran: c, C or * in column 1 starts a whole-line comment; ! anywhere.
    name: 'Fortran 77', type: 'programming', extensions: ['.f', '.for', '.f77', '.ftn', '.fpp'], lineComments: ['!'],
    columnComments: [[1, 'c'], [1, 'C'], [1, '*']], strings: [DQ, { open: "'", close: "'" }],
  },
  {
    // Fixed format: * or / in column 7; free format: *> anywhere.
    name: 'COBOL', type: 'programming', extensions: ['.cob', '.cbl', '.cpy', '.ccp'], lineComments: ['*>'],
    columnComments: [[7, '*'], [7, '/']], strings: [{ open: '"', close: '"' }, { open: "'", close: "'" }],
  },
  {
    name: 'Visual Basic', type: 'programming', extensions: ['.vb', '.vbs', '.bas', '.frm', '.vba'], lineComments: ["'"],
    lineStartComments: ['rem'], strings: [{ open: '"', close: '"' }],
  },
  {
    name: 'Pascal', type: 'programming', extensions: ['.pas', '.dpr', '.lpr', '.dfm'], lineComments: C_LINE,
    blockComments: [['(*', '*)'], ['{', '}']], strings: [{ open: "'", close: "'" }],
  },
  {
    name: 'Ada', type: 'programming', extensions: ['.adb', '.ads', '.ada'], lineComments: ['--'],
    strings: [{ open: '"', close: '"' }],
  },
  {
    name: 'Assembly', type: 'programming', extensions: ['.asm', '.s', '.nasm', '.a51'],
    lineComments: [';', '//'], blockComments: C_BLOCK, strings: [{ open: '"', close: '"', escape: '\\' }],
  },
]
