import type { FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { allFieldsShown, formFieldErrors } from '../../app/formErrors';
import { ProblemAlert } from '../../app/problem';

type NamePath = (string | number)[];

/** A server field path (`hazardSources.0.accidentType`) as a form name path, numbers as numbers. */
export const pathOf = (field: string): NamePath => field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/**
 * A refused request shown on the form: each invalid field beside its input (the
 * `nameOf` mapping says where; null for fields the form does not show), the rest above.
 */
export function useFormProblem(form: FormInstance, nameOf: (field: string) => NamePath | null = pathOf) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  return {
    problem,
    clear: () => setProblem(null),
    /** Shows the error; rethrows what is not a problem from the server. */
    show(error: unknown) {
      if (!isApiProblem(error)) throw error;
      form.setFields(formFieldErrors(error, nameOf, t).map((f) => ({ name: f.name, errors: f.errors })));
      setProblem(error);
    },
    alert: problem ? <ProblemAlert problem={problem} showDetail={!allFieldsShown(problem, nameOf)} testId="form-problem" /> : null,
  };
}
