// Ready-to-use surveys: the post-conversation CSAT, NPS for active customers, the churn survey of customers who did
// not renew (seed 000), and the client and provider questionnaires of seed 001 (communication, confidence,
// dimensionality, value chain) with the scales their appendices use.
import type { SurveyDefinition, SurveyQuestion, SurveyTemplate } from '@atiende/contract';

type L = { es: string; en: string };
const t = (es: string, en: string): L => ({ es, en });
const empty = t('', '');
const options = (...labels: L[]) => labels.map((label, i) => ({ id: String(i + 1), label }));
const q = (id: string, type: SurveyQuestion['type'], text: L, extra: Partial<SurveyQuestion> = {}): SurveyQuestion => ({
  id,
  type,
  text,
  required: true,
  ...extra,
});

const veryGoodToPoor = options(
  t('Muy bueno', 'Very good'),
  t('Bueno', 'Good'),
  t('Regular', 'Fair'),
  t('Malo', 'Bad'),
  t('Deficiente', 'Poor'),
);
const alwaysToNever = options(
  t('Siempre', 'Always'),
  t('Casi siempre', 'Almost always'),
  t('Regularmente', 'Regularly'),
  t('Ocasionalmente', 'Occasionally'),
  t('Nunca', 'Never'),
);
const channelOptions = [
  { id: 'email', label: t('Correo electrónico', 'Email') },
  { id: 'phone', label: t('Llamadas', 'Phone calls') },
  { id: 'whatsapp', label: t('WhatsApp', 'WhatsApp') },
  { id: 'video', label: t('Videollamadas', 'Video calls') },
];

export interface TemplateSurvey {
  name: L;
  definition: SurveyDefinition;
  afterResolution: boolean;
  anonymous: boolean;
}

export const surveyTemplates: Record<SurveyTemplate, TemplateSurvey> = {
  post_conversation_csat: {
    name: t('Satisfacción tras la conversación', 'Satisfaction after the conversation'),
    afterResolution: true,
    anonymous: false,
    definition: {
      title: t('¿Cómo te atendimos?', 'How did we do?'),
      intro: t('Son dos preguntas; nos ayudan a mejorar.', 'Two questions; they help us improve.'),
      thanks: t('¡Gracias! Leemos cada respuesta.', 'Thank you! We read every answer.'),
      sections: [
        {
          title: empty,
          questions: [
            q(
              'csat',
              'csat',
              t(
                '¿Qué tan satisfecho quedaste con la atención?',
                'How satisfied are you with the service you received?',
              ),
            ),
            q(
              'ces',
              'ces',
              t('La empresa me facilitó resolver mi asunto.', 'The company made it easy to solve my issue.'),
              { required: false },
            ),
            q('comment', 'long_text', t('¿Algo que debamos saber?', 'Anything we should know?'), { required: false }),
          ],
        },
      ],
    },
  },
  nps_active: {
    name: t('NPS de clientes activos', 'NPS of active customers'),
    afterResolution: false,
    anonymous: false,
    definition: {
      title: t('Tu opinión sobre nosotros', 'Your opinion of us'),
      intro: empty,
      thanks: t('¡Gracias por tu tiempo!', 'Thank you for your time!'),
      sections: [
        {
          title: empty,
          questions: [
            q(
              'nps',
              'nps',
              t(
                '¿Qué tan probable es que nos recomiendes con un amigo o colega?',
                'How likely are you to recommend us to a friend or colleague?',
              ),
            ),
            q('service', 'single', t('¿Cómo te pareció nuestro servicio?', 'How did you like our service?'), {
              options: options(t('Excelente', 'Excellent'), t('Bueno', 'Good'), t('Malo', 'Bad')),
            }),
            q(
              'speed',
              'single',
              t(
                'Al contratar o renovar, ¿cómo te pareció el tiempo de respuesta?',
                'When you signed up or renewed, how did you find the response time?',
              ),
              { options: options(t('Rápido', 'Fast'), t('Bueno', 'Good'), t('Lento', 'Slow')) },
            ),
            q(
              'quality',
              'yes_no',
              t('¿El servicio tuvo la calidad que esperabas?', 'Did the service meet the quality you expected?'),
            ),
            q(
              'improve',
              'long_text',
              t(
                '¿Tienes algún comentario o recomendación para mejorar nuestro servicio?',
                'Do you have any comments or recommendations to improve our service?',
              ),
              { required: false },
            ),
          ],
        },
      ],
    },
  },
  churn: {
    name: t('Clientes que no renovaron', 'Customers who did not renew'),
    afterResolution: false,
    anonymous: false,
    definition: {
      title: t('Queremos entender por qué te fuiste', 'Help us understand why you left'),
      intro: t(
        'Tu respuesta nos ayuda a mejorar, aunque ya no seas cliente.',
        'Your answer helps us improve, even though you are no longer a customer.',
      ),
      thanks: t('Gracias por decírnoslo.', 'Thank you for telling us.'),
      sections: [
        {
          title: empty,
          questions: [
            q('reason', 'single', t('¿Por qué no renovaste?', 'Why did you not renew?'), {
              options: [
                { id: 'price', label: t('El precio', 'The price') },
                { id: 'ease', label: t('Era difícil de usar', 'It was hard to use') },
                { id: 'service', label: t('La atención', 'The service') },
                { id: 'not_used', label: t('No tuve oportunidad de usarlo', 'I did not get to use it') },
                { id: 'competitor', label: t('Me cambié a otro proveedor', 'I moved to another provider') },
                { id: 'other', label: t('Otra razón', 'Another reason') },
              ],
            }),
            q(
              'service',
              'likert',
              t('¿Cómo calificas el servicio que recibiste?', 'How do you rate the service you received?'),
              {
                options: options(
                  t('Malo', 'Bad'),
                  t('Regular', 'Fair'),
                  t('Bueno', 'Good'),
                  t('Muy bueno', 'Very good'),
                ),
              },
            ),
            q('price', 'likert', t('El precio era justo por lo que recibía.', 'The price was fair for what I got.'), {
              options: options(t('En desacuerdo', 'Disagree'), t('Neutral', 'Neutral'), t('De acuerdo', 'Agree')),
            }),
            q('ease', 'ces', t('Fue fácil usar el producto.', 'The product was easy to use.')),
            q(
              'return',
              'yes_no',
              t(
                '¿Volverías si resolvemos lo que te hizo irte?',
                'Would you come back if we fixed what made you leave?',
              ),
              { required: false },
            ),
            q('comment', 'long_text', t('¿Qué deberíamos cambiar?', 'What should we change?'), { required: false }),
          ],
        },
      ],
    },
  },
  client_questionnaire: {
    name: t('Cuestionario 1 – Cliente', 'Questionnaire 1 – Client'),
    afterResolution: false,
    anonymous: false,
    definition: {
      title: t('Cuestionario para clientes', 'Client questionnaire'),
      intro: t('Por favor responde las siguientes preguntas.', 'Please answer the following questions.'),
      thanks: t('Gracias por tu retroalimentación.', 'Thank you for your feedback.'),
      sections: [
        {
          title: t('Comunicación', 'Communication'),
          questions: [
            q(
              'main_channel',
              'multiple',
              t(
                '¿Cuál es tu principal medio de comunicación con el proveedor? Selecciona todos los que apliquen.',
                'What is your main means of communication with the provider? Select all that apply.',
              ),
              { options: channelOptions },
            ),
            q('feedback', 'likert', t('Puedes obtener retroalimentación', 'You can get feedback'), {
              options: veryGoodToPoor,
            }),
            q('details', 'likert', t('Es posible especificar detalles', 'It is possible to specify details'), {
              options: veryGoodToPoor,
            }),
            q('reviews', 'likert', t('Revisión de diseños o planos', 'Review of designs or plans'), {
              options: veryGoodToPoor,
            }),
          ],
        },
        {
          title: t('Confianza', 'Confidence'),
          questions: [
            q(
              'comply',
              'likert',
              t('Se esfuerzan por cumplir todas las especificaciones', 'They strive to comply with all specifications'),
              { options: alwaysToNever },
            ),
            q('ask_details', 'likert', t('Preguntan todos los detalles', 'They ask for all the details'), {
              options: alwaysToNever,
            }),
            q('exceed', 'likert', t('Buscan superar mis expectativas', 'They seek to exceed my expectations'), {
              options: alwaysToNever,
            }),
            q(
              'quality',
              'likert',
              t('El producto final es de alta calidad y valor', 'The end product is of high quality and value'),
              { options: alwaysToNever },
            ),
            q('functional', 'likert', t('El producto final es funcional', 'The end product is functional'), {
              options: alwaysToNever,
            }),
            q(
              'clean',
              'likert',
              t(
                'El producto final es limpio (sin retrabajo ni rebabas) y estético',
                'The end product is clean (no rework or burrs) and aesthetic',
              ),
              { options: alwaysToNever },
            ),
          ],
        },
        {
          title: t('Dimensionalidad', 'Dimensionality'),
          questions: [
            q(
              'as_designed',
              'single',
              t(
                '¿Con qué frecuencia el proveedor entrega el trabajo según el diseño solicitado?',
                'How often does the provider complete the work based on the design you requested?',
              ),
              {
                options: options(
                  t('Siempre', 'Always'),
                  t('Casi siempre', 'Almost always'),
                  t('Regularmente', 'Regularly'),
                  t('En pocas ocasiones', 'On a few occasions'),
                ),
              },
            ),
            q('fit', 'single', t('El producto final es:', 'The end product is:'), {
              options: options(
                t('Perfecto', 'Perfect'),
                t('Dentro de especificaciones', 'Within specifications'),
                t('Requiere retrabajo', 'Requires rework'),
              ),
            }),
          ],
        },
        {
          title: t('Cadena de valor', 'Value chain'),
          questions: [
            q(
              'integrates',
              'single',
              t('El producto final se integra a tu proceso:', 'The end product integrates with your process:'),
              {
                options: options(
                  t('Totalmente', 'Fully'),
                  t('Con ajustes mínimos', 'Minimal adjustments'),
                  t('Se ajusta tras nuevas indicaciones', 'Adjusts after getting new direction'),
                  t('No se ajusta, requiere retrabajo', 'Does not adjust, requires rework'),
                ),
              },
            ),
          ],
        },
      ],
    },
  },
  provider_questionnaire: {
    name: t('Cuestionario 2 – Proveedor', 'Questionnaire 2 – Provider'),
    afterResolution: false,
    anonymous: true,
    definition: {
      title: t('Cuestionario para el equipo del proveedor', "Questionnaire for the provider's staff"),
      intro: t(
        'Por favor responde las siguientes preguntas sobre el uso del software.',
        'Please answer the following questions about using the software.',
      ),
      thanks: t('Gracias.', 'Thank you.'),
      sections: [
        {
          title: t('Comunicación', 'Communication'),
          questions: [
            q('contact_ease', 'likert', t('Facilidad para contactar al cliente', 'Ease to contact the customer'), {
              options: alwaysToNever,
            }),
            q(
              'client_prompt',
              'likert',
              t(
                'Respuesta pronta del cliente a solicitudes o dudas',
                'Prompt response of the client to requests and/or doubts',
              ),
              { options: alwaysToNever },
            ),
            q(
              'locate_work',
              'likert',
              t('Facilidad para ubicar el trabajo de cada cliente', 'Ease to locate the work of each client'),
              { options: alwaysToNever },
            ),
            q(
              'more_details',
              'likert',
              t(
                'El cliente da más detalles de los trabajos solicitados',
                'Client provides more details on requested jobs',
              ),
              { options: veryGoodToPoor },
            ),
            q(
              'faster_reviews',
              'likert',
              t('Los planos y diseños se revisan más rápido', 'Plans and designs are reviewed faster'),
              { options: veryGoodToPoor },
            ),
          ],
        },
        {
          title: t('Confianza', 'Confidence'),
          questions: [
            q(
              'specs_acquired',
              'likert',
              t(
                'Todas las especificaciones se obtienen con este software',
                'All specifications can be acquired with the use of this software',
              ),
              { options: alwaysToNever },
            ),
            q(
              'tracks_progress',
              'likert',
              t(
                'El cliente conoce y sigue en vivo el avance del trabajo',
                'The client knows and tracks the live progress of the work requested',
              ),
              { options: alwaysToNever },
            ),
            q(
              'jobs_expected',
              'single',
              t(
                '¿Cuántos trabajos crees que el cliente solicitará por este medio?',
                'How often do you think the client will request jobs through this software?',
              ),
              {
                options: options(
                  t('0 a 2', '0 to 2'),
                  t('3 a 5', '3 to 5'),
                  t('6 a 10', '6 to 10'),
                  t('11 a 15', '11 to 15'),
                ),
              },
            ),
          ],
        },
        {
          title: t('Dimensionalidad', 'Dimensionality'),
          questions: [
            q(
              'meets_requirements',
              'single',
              t(
                'Con este software, el producto final cumple los requisitos y especificaciones del cliente',
                'Based on the use of this software, the end product meets the customer requirements and specifications',
              ),
              {
                options: options(
                  t('Siempre', 'Always'),
                  t('Casi siempre', 'Almost always'),
                  t('Regularmente', 'Regularly'),
                  t('En pocas ocasiones', 'On a few occasions'),
                ),
              },
            ),
            q(
              'fit',
              'single',
              t(
                'El producto final cumple los requisitos y especificaciones:',
                'The end product meets customer requirements and specifications:',
              ),
              {
                options: options(
                  t('Perfectamente', 'Perfectly'),
                  t('Dentro de especificaciones', 'Within specifications'),
                  t('Requiere retrabajo', 'Requires rework'),
                ),
              },
            ),
            q(
              'reworks',
              'single',
              t(
                'Desde que se implementó este software, ¿cuántos retrabajos se han solicitado?',
                'Since the implementation of this software, how many reworks have been requested?',
              ),
              { options: options(t('0–5', '0–5'), t('6–10', '6–10'), t('11–15', '11–15'), t('16–20', '16–20')) },
            ),
          ],
        },
        {
          title: t('Cadena de valor', 'Value chain'),
          questions: [
            q(
              'integrates',
              'single',
              t('El software se integra a tus actividades:', 'The software integrates to your activities:'),
              {
                options: options(
                  t('Muy fácilmente, la adaptación fue rápida', 'Very easily, adaptation was quick and easy'),
                  t('Con facilidad, requiere tiempo para adaptarse', 'With ease, requires time to adapt'),
                  t('Neutral, requiere guía y apoyo', 'Neutral, requires guidance and support'),
                  t('Regular, es difícil de manejar', 'OK, it is hard to manipulate it'),
                  t('Mal, no se entiende', 'Poorly, not understood'),
                ),
              },
            ),
          ],
        },
      ],
    },
  },
};
